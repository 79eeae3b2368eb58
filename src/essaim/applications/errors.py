class ApplicationError(Exception):
    """A rule of the dossier refused the action. `messages` are for the person acting."""

    def __init__(self, message: str, messages: list | None = None):
        super().__init__(message)
        self.messages = messages or []
