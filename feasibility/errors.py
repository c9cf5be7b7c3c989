"""Errors the planner raises for bad input."""


class InputError(ValueError):
    """Input that is wrong relative to the planner's setup.

    Each model checks itself on construction; this error covers what only makes sense
    against the rest of the setup: a skill nobody on the staff has, a due date before the
    planning start, a commitment id that is already booked. The message names the
    offending item, and it is raised before any solving, so nothing booked changes.

    Example:
        >>> try:
        ...     raise InputError("commitment 'J1' is already booked")
        ... except ValueError as error:
        ...     print(error)
        commitment 'J1' is already booked
    """
