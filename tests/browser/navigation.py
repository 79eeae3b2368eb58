"""Waiting for the page a click leads to.

`page.wait_for_load_state()` right after a click returns at once when the old document is
still there (it is loaded), so what follows reads the old page, or closes the browser before
the form's request is sent. A click that submits a form or follows a link goes through here.
"""


def click_and_wait(page, locator, **kwargs):
    """Click and return once the navigation the click started has loaded."""
    with page.expect_navigation(**kwargs):
        locator.click()
