"""Errors the planner raises for bad input."""


class InputError(ValueError):
    """Input that is wrong relative to the planner's setup.

    Each model checks itself on construction; this error covers what only makes sense
    against the rest of the setup: a skill nobody on the staff has, a due date before the
    planning start, a commitment id that is already booked. The message names the
    offending item, and it is raised before any solving, so nothing booked changes.

    Where the error is about one item, it names it in fields too (``person``,
    ``commitment``, ``task`` and the ``field`` at fault), so that a caller reading a
    book from files can point at the row and column without parsing the message.

    Example:
        >>> try:
        ...     raise InputError("commitment 'J1' is already booked", commitment="J1",
        ...                      field="id")
        ... except ValueError as error:
        ...     print(error, error.commitment, error.field)
        commitment 'J1' is already booked J1 id
    """

    def __init__(
        self,
        message: str,
        *,
        person: str | None = None,
        commitment: str | None = None,
        task: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.person = person
        self.commitment = commitment
        self.task = task
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        # pickled with its fields (a worker process passing the error back keeps them)
        fields = {
            "person": self.person,
            "commitment": self.commitment,
            "task": self.task,
            "field": self.field,
        }
        return (_rebuilt, (str(self), fields))


def _rebuilt(message: str, fields: dict[str, str | None]) -> InputError:
    return InputError(message, **fields)
