"""The repository carries its own copy of everything it uses from the team's ../shared folder, so a clone stands
alone. Where ../shared is beside the clone (the team's machines, CI), each copy must still be the original."""

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"

# The repository's copy: the original in ../shared.
COPIES = {
    "backpain/demo/back-pain-and-stress.txt": "seed/back-pain-and-stress.txt",
    "backpain/schema/content-bundle.schema.json": "spec/content-bundle.schema.json",
}


@pytest.mark.parametrize(("copy", "original"), COPIES.items())
def test_the_repository_copy_is_the_original_in_shared(copy, original):
    if not SHARED.is_dir():
        pytest.skip(f"no ../shared beside this clone ({SHARED}): nothing to compare {copy} with")
    assert (SHARED / original).is_file(), f"../shared/{original} is gone: find where {copy} now comes from"
    assert (PROJECT / copy).read_bytes() == (SHARED / original).read_bytes(), (
        f"{copy} differs from ../shared/{original}: copy the original again"
    )
