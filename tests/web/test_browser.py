"""End to end in real headless Chromium: hover a highlight, search a claim, no script runs from
article text, pages read without JavaScript, no CSP violations, and a screenshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web._browser import chrome, serve, skip_reason
from tests.web.conftest import HOSTILE, SEED

pytestmark = [pytest.mark.browser]
_reason = skip_reason()
if _reason:
    pytestmark.append(pytest.mark.skip(reason=_reason))


@pytest.fixture(scope="module")
def base_url(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = chrome()
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, cond: Any, timeout: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(cond)


def _article_url(client, base_url: str, external_id: str) -> str:  # type: ignore[no-untyped-def]
    rows = client.get("/articles.json").json()["articles"]
    return base_url + "/articles/" + next(r["id"] for r in rows if r["external_id"] == external_id)


def _csp_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_hover_a_highlight_shows_speaker_stance_channel(browser, base_url, client) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(_article_url(client, base_url, "harbor-talks"))
    card = browser.find_element(By.ID, "hover-card")
    assert not card.is_displayed()
    piece = browser.find_element(By.CSS_SELECTOR, "#article-text .hl.r-src[data-a]")
    attr_id = piece.get_attribute("data-a").split()[0]
    row = browser.find_element(By.ID, f"attr-{attr_id}")
    ActionChains(browser).move_to_element(piece).perform()
    _wait(browser, lambda d: card.is_displayed())
    speaker = row.get_attribute("data-speaker")
    assert speaker and speaker in card.text
    assert "stance" in card.text and attr_id in card.text
    assert "on" in row.get_attribute("class").split()
    lit = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl.on")
    assert lit and all(attr_id in el.get_attribute("data-a").split() for el in lit)
    assert not _csp_errors(browser)


def test_script_in_article_text_is_shown_not_run(browser, base_url, client) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    browser.get(_article_url(client, base_url, "council-vote"))
    text = browser.find_element(By.ID, "article-text")
    assert "<script>window.__pwned = 1; alert(\"pwned\")</script>" in text.text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return document.querySelectorAll('#article-text script, #article-text img').length") == 0
    assert browser.execute_script("return document.getElementById('article-text').textContent") == HOSTILE
    assert "<b>vote</b>" in browser.find_element(By.TAG_NAME, "h1").text


def test_markup_in_names_is_shown_not_run(browser, base_url, client) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    from tests.web.conftest import EVIL_NAME

    browser.get(base_url + "/")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert EVIL_NAME in browser.find_element(By.TAG_NAME, "main").text
    browser.get(_article_url(client, base_url, "evil-actor"))
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    # hovering the source shows the linked event, with the (escaped) actor name as text
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, "#article-text .hl.r-src")).perform()
    card = browser.find_element(By.ID, "hover-card")
    _wait(browser, lambda d: card.is_displayed())
    assert f"E1 RETREAT: {EVIL_NAME} → ?" in card.text
    assert "stance" in card.text and "distancing" in card.text
    assert browser.execute_script("return document.querySelectorAll('main img, main svg[onload]').length") == 0


def test_search_a_claim(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/claims")
    box = browser.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("dredging bill")
    box.submit()
    _wait(browser, lambda d: "q=dredging" in d.current_url)
    cells = browser.find_elements(By.CSS_SELECTOR, "td.content")
    assert any("dredging bill" in c.text for c in cells)
    link = browser.find_element(By.CSS_SELECTOR, "td a[href^='/articles/']")
    link.click()
    _wait(browser, lambda d: d.find_elements(By.ID, "article-text"))
    assert not _csp_errors(browser)


@pytest.mark.skipif(not SEED.is_file(), reason="../shared (the seed article) is not available")
def test_seed_article_shows_all_its_attributions(browser, base_url, client) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/articles/cairo-talks-impasse")
    data = client.get("/articles/cairo-talks-impasse.json").json()
    want = {a["id"] for a in data["attributions"]}
    assert want
    shown = browser.execute_script("""
        const ids = new Set();
        for (const el of document.querySelectorAll('#article-text .hl[data-a]')) {
          const r = el.getBoundingClientRect();
          const bg = getComputedStyle(el).backgroundColor;
          if (r.width > 0 && r.height > 0 && bg !== 'rgba(0, 0, 0, 0)') {
            el.getAttribute('data-a').split(' ').forEach(i => ids.add(i));
          }
        }
        return Array.from(ids);""")
    assert set(shown) == want
    rows = browser.find_elements(By.CSS_SELECTOR, "table.attrs tbody tr")
    assert len(rows) == len(want)


def test_pages_read_without_javascript(base_url, client) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver = chrome(javascript=False)
    try:
        driver.get(_article_url(client, base_url, "harbor-talks"))
        assert driver.find_element(By.ID, "article-text").text.startswith("Port talks stall")
        assert driver.find_elements(By.CSS_SELECTOR, "table.attrs tbody tr")
        driver.get(base_url + "/claims?q=talks")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Claims"
        driver.get(base_url + "/audit")
        assert driver.find_elements(By.CSS_SELECTOR, "svg rect")
    finally:
        driver.quit()


def test_screenshot(browser, base_url, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    browser.get(_article_url(client, base_url, "harbor-talks"))
    path = tmp_path / "article.png"
    assert browser.save_screenshot(str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
