"""What a word weighs where it is found: the score's field weights and its word stems.

One definition shared by the score (`engine.Backend.score_sql`) and the
postings that name a query's likeliest best documents (`postings.py`).
"""

# (field, weight, average length in characters, length damping b): BM25F's field weights and length normalisation.
FIELDS = (("title", 10.0, 60, 0.5), ("summary", 4.0, 150, 0.5), ("body", 1.0, 1000, 0.75))


def field_weight(field, length):
    """The weight of a word found in `field` of `length` characters, before its idf."""
    _name, weight, average, damping = next(spec for spec in FIELDS if spec[0] == field)
    return weight / ((1 - damping) + damping / average * length)


def stem(word):
    """The word without a plural or verb ending (“stretches” → “stretch”), kept at four letters or more."""
    for ending in ("ing", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def double(value):
    """A float literal both engines read as an IEEE double, so both compute bit-identical scores."""
    return f"CAST({float(value)!r} AS DOUBLE PRECISION)"
