"""The web page in a real headless Chromium, against a live `councilkg serve` (issue 6).

The bundled corpus is built with the fake embedder, served by the real command in a
subprocess on a free port, and driven with selenium through Debian's chromium and
chromium-driver. Each test saves a screenshot under test-artifacts/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "seeds"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("headless browser tests need Debian's `chromium` and `chromium-driver` "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402




@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The bundled corpus built with the fake embedder into a fresh build folder."""
    from api.pipeline import build
    from api.settings import Settings

    folder = tmp_path_factory.mktemp("browser") / "build"
    build([SEEDS], Settings(store=str(folder), embedder="fake"), show_progress=False)
    return folder


@pytest.fixture(scope="module")
def server(store, serve):
    """`councilkg serve` on a free 127.0.0.1 port, stopped after the module's tests."""
    with serve(str(store)) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with a new empty profile and no background traffic."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # Full-page height so the picture below the fold is in the screenshot.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 4000))
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    driver.set_window_size(1280, 1400)


def wait(driver, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def test_asking_a_question_shows_an_answer_with_linked_commitments_and_quotes(server, browser):
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("What links climate actions to housing retrofit?")
    box.send_keys(Keys.ENTER)
    wait(browser).until(EC.presence_of_element_located((By.ID, "answer")))
    answer = browser.find_element(By.ID, "answer")
    assert answer.find_element(By.CSS_SELECTOR, ".answer").text.strip()
    cards = answer.find_elements(By.CSS_SELECTOR, "#answer-commitments .card")
    assert cards, "the answer lists no commitments"
    assert cards[0].find_element(By.CSS_SELECTOR, "blockquote.quote").text.strip()
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results .card mark")
    assert "q=What+links" in browser.current_url or "q=What%20links" in browser.current_url
    shot(browser, "ask")


def test_opening_a_commitment_shows_its_lineage_timeline(server, browser, store):
    from api.workspace import Workspace

    links = [l for l in Workspace(store).current().links if l.relation == "continues"]
    assert links, "the build found no lineage links to show"
    # The commitment with the longest chain makes the most telling picture.
    counts: dict[str, int] = {}
    for l in links:
        counts[l.to_id] = counts.get(l.to_id, 0) + 1 + counts.get(l.from_id, 0)
    cid = max(counts, key=counts.get)
    browser.get(f"{server}/commitment/{cid}")
    timeline = wait(browser).until(EC.presence_of_element_located((By.ID, "timeline")))
    nodes = timeline.find_elements(By.CSS_SELECTOR, "a.tl-node")
    assert len(nodes) >= 2
    assert browser.find_element(By.CSS_SELECTOR, "blockquote.quote").text.strip()
    shot(browser, "commitment-timeline")
    other = next(n for n in nodes if n.get_attribute("data-cid") != cid)
    target = other.get_attribute("data-cid")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", other)
    wait(browser).until(EC.url_contains(f"/commitment/{target}"))


def test_following_a_path_draws_it_and_its_nodes_are_clickable(server, browser):
    browser.get(server + "/path")
    browser.find_element(By.ID, "from").send_keys("climate")
    browser.find_element(By.ID, "to").send_keys("housing retrofit")
    browser.find_element(By.CSS_SELECTOR, "#path-form button").click()
    picture = wait(browser).until(EC.presence_of_element_located((By.ID, "path-picture")))
    nodes = picture.find_elements(By.CSS_SELECTOR, "a.path-node")
    assert len(nodes) >= 2
    shot(browser, "path")
    first = browser.find_element(By.CSS_SELECTOR, "#path-list a")
    href = first.get_attribute("href")
    first.click()
    wait(browser).until(EC.url_to_be(href))
    assert browser.find_element(By.TAG_NAME, "h1").text.strip()


def test_running_a_sparql_example_shows_rows(server, browser):
    browser.get(server + "/sparql-ui")
    examples = Select(browser.find_element(By.ID, "example"))
    assert len(examples.options) > 1, "no example queries found in docs/sparql.md"
    examples.select_by_index(1)
    browser.find_element(By.ID, "run").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sparql-results tbody tr"))
    assert "row" in browser.find_element(By.ID, "sparql-status").text
    assert "format=csv" in browser.find_element(By.ID, "dl-csv").get_attribute("href")
    shot(browser, "sparql")


def test_the_keyboard_reaches_the_search_box_and_focus_is_visible(server, browser):
    browser.get(server + "/gaps")
    browser.get(server + "/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    active = browser.switch_to.active_element
    assert active.text == "Skip to content"
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
    assert outline == "solid"
    ActionChains(browser).send_keys("/").perform()
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    shot(browser, "front")


def test_a_reviewer_rejects_a_link_on_the_page_and_clears_the_verdict_again(serve, browser, tmp_path):
    """On a commitment page served with a write token, "Not the same" takes the link out and
    lists the verdict with who gave it; "Clear the verdict" gives the pair back to the linker."""
    from api.pipeline import build
    from api.settings import Settings

    store = tmp_path / "build"
    build([ROOT / "tests" / "data" / "lineage" / "docs"], Settings(store=str(store), embedder="fake"),
          show_progress=False)
    with serve(str(store), COUNCILKG_WRITE_TOKEN="s3cret") as (url, _):
        browser.get(f"{url}/commitment/eastmere-2021-001")
        browser.find_element(By.NAME, "reviewer").send_keys("Ada Reviewer")
        browser.find_element(By.NAME, "token").send_keys("s3cret")
        browser.find_element(By.NAME, "note").send_keys("a different estate")
        browser.find_element(By.CSS_SELECTOR, "button[value='rejected eastmere-2021-001 eastmere-2023-001']").click()
        wait(browser).until(EC.presence_of_element_located((By.ID, "review-done")))
        verdicts = browser.find_element(By.ID, "verdicts").text
        assert "Ada Reviewer" in verdicts and "not linked to" in verdicts and "a different estate" in verdicts
        assert not browser.find_elements(By.ID, "lineage-table")
        shot(browser, "review-rejected")
        # the page keeps the reviewer's name for the next verdict, never the token
        assert browser.find_element(By.NAME, "reviewer").get_attribute("value") == "Ada Reviewer"
        assert browser.find_element(By.NAME, "token").get_attribute("value") == ""
        browser.find_element(By.NAME, "token").send_keys("s3cret")
        browser.find_element(By.CSS_SELECTOR, "#verdicts button").click()
        wait(browser).until(EC.presence_of_element_located((By.ID, "lineage-table")))
        assert not browser.find_elements(By.ID, "verdicts")
