from enum import StrEnum


class OrderType(StrEnum):
    LIMIT = "LIMIT"
    MARKET = "MARKET"

    def __str__(self) -> str:
        return str(self.value)
