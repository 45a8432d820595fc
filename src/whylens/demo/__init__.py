"""The demo data set: a synthetic online shop whose planted behaviors the insights must find."""

from whylens.demo.generator import DemoData, generate

__all__ = ["DemoData", "generate"]
