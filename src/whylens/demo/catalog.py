"""The demo shop itself: event names, pages, products and search terms.

Rows are built as small integer codes; these tuples turn the codes into the strings a browser
SDK would send, in one vectorised `take` per column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# fmt: off
EVENTS = (
    "$pageview", "view_item", "add_to_cart", "begin_checkout", "purchase", "signup", "login",
    "search", "use_wishlist", "use_compare", "use_reorder", "support_contact",
    "experiment_exposure", "cancel_subscription",
)
# fmt: on
#: event name (without "$") -> code
E = {name.lstrip("$"): code for code, name in enumerate(EVENTS)}
#: the `feature` property of the feature events
FEATURES = {E["use_wishlist"]: "wishlist", E["use_compare"]: "compare", E["use_reorder"]: "reorder"}
#: events that carry a product_id, a price and a quantity
PRODUCT_EVENTS = (E["view_item"], E["add_to_cart"], E["begin_checkout"], E["purchase"])

SITE = "https://shop.example"
#: page name -> path; a path ending in "/" or "=" takes a product, category or search term
PAGES = {
    "home": "/",
    "category": "/c/",
    "product": "/products/",
    "search": "/search?q=",
    "cart": "/cart",
    "checkout": "/checkout",
    "confirmation": "/checkout/confirmation",
    "signup": "/signup",
    "login": "/login",
    "account": "/account",
    "wishlist": "/account/wishlist",
    "orders": "/account/orders",
    "compare": "/compare",
    "contact": "/help/contact",
    "subscription": "/account/subscription",
    "deals": "/deals",
}
#: page name -> code
PG = {name: code for code, name in enumerate(PAGES)}

CATEGORIES = ("shoes", "jackets", "bags", "watches", "headphones", "home", "beauty", "sports")
#: median price per category, in the shop's currency
CATEGORY_PRICE = (89.0, 129.0, 59.0, 149.0, 99.0, 39.0, 24.0, 45.0)
# fmt: off
SEARCH_TERMS = (
    "running shoes", "rain jacket", "leather bag", "smart watch", "wireless headphones",
    "noise cancelling", "sneakers white", "winter coat", "backpack", "gift for him",
    "gift for her", "yoga mat", "face cream", "desk lamp", "hiking boots", "sale",
    "kids shoes", "travel bag", "fitness tracker", "scented candle",
)
# fmt: on
PRODUCTS = 400


@dataclass(frozen=True)
class Catalog:
    """Products with a category, a price and a popularity (Zipf-like: a few bestsellers)."""

    category: np.ndarray
    price: np.ndarray
    popularity: np.ndarray

    def pick(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """Product numbers for `count` views, bestsellers more often."""
        return rng.choice(len(self.price), count, p=self.popularity)

    @staticmethod
    def product_id(numbers: np.ndarray) -> np.ndarray:
        """The number shown in product ids and urls (p-101 ... p-500)."""
        return numbers + 101


def draw_catalog(rng: np.random.Generator) -> Catalog:
    """A catalog per seed: prices scattered around their category's median."""
    category = rng.integers(0, len(CATEGORIES), PRODUCTS)
    price = np.round(np.array(CATEGORY_PRICE)[category] * rng.lognormal(0.0, 0.45, PRODUCTS), 0)
    price = np.maximum(price, 5.0) - 0.01  # shop prices end in .99
    weight = 1.0 / np.arange(1, PRODUCTS + 1) ** 0.8
    return Catalog(category, price, rng.permutation(weight / weight.sum()))
