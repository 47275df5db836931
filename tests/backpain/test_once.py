"""`DoneOnce`: work noted inside a block is done once, at the end of the outermost block, never after an error."""

import pytest

from backpain.once import DoneOnce


def recorder():
    done = []
    return DoneOnce(lambda noted: done.append(sorted(noted))), done


def test_work_noted_in_a_block_is_done_once_at_its_end():
    once, done = recorder()
    with once.block():
        assert once.note({1, 2}) and once.note({2, 3})
        assert done == []
    assert done == [[1, 2, 3]]


def test_only_the_outermost_block_does_the_work():
    once, done = recorder()
    with once.block():
        with once.block():
            once.note({1})
        assert done == []
        once.note({2})
    assert done == [[1, 2]]


def test_outside_a_block_nothing_is_noted():
    once, done = recorder()
    assert once.note({1}) is False
    with once.block():
        pass
    assert done == []


def test_after_an_error_the_work_is_not_done_and_later_writes_are_not_held_back():
    once, done = recorder()
    with pytest.raises(RuntimeError), once.block():
        once.note({1})
        raise RuntimeError("the import failed")
    assert done == []
    assert once.note({2}) is False  # no block is left open on this thread
