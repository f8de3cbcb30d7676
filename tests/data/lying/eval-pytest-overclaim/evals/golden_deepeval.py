from deepeval import assert_test


def test_refund():
    assert_test(...)


def test_invoice():
    assert_test(...)
