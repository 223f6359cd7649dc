from enum import StrEnum


class OrderStatus(StrEnum):
    CANCELED = "CANCELED"
    NEW = "NEW"

    def __str__(self) -> str:
        return str(self.value)
