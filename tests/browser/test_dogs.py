"""Dog profiles: the list, the add/edit form with its checks, deleting, choosing, offline, axe."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import asset_prefix, call_module, wait_until_offline_ready
from tests.support.axe import violations

TODAY = dt.date.today()
UUID = re.compile(r"^[0-9a-f-]{36}$")


@pytest.fixture
def errors(page: Page) -> list[str]:
    """Page errors and console errors (CSP violations included): every test here expects none."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("console", lambda message: message.type == "error" and found.append(message.text))
    yield found
    assert found == []


def dog(**changes) -> dict:
    return {"name": "Bella", "legs": ["left-hind", "right-hind"], "crateRestStart": (TODAY - dt.timedelta(days=11)).isoformat(),
            "crateRestWeeks": 8, "clinicName": "Riverside Vets", "clinicPhone": "+44 20 7946 0000", "sessionsPerDay": 2,
            **changes}


def seed(page: Page, base_url: str, *dogs: dict) -> list[dict]:
    """Save dogs through the app's own module (the page must be the app's)."""
    if not page.url.startswith(base_url):
        page.goto(base_url + "/about")
    return [call_module(page, "dogs.js", "saveDog", d) for d in dogs]


def dogs_on_phone(page: Page) -> list[dict]:
    return call_module(page, "dogs.js", "listDogs")


def open_form(page: Page, base_url: str, path: str = "/dogs/new") -> None:
    page.goto(base_url + path)
    expect(page.locator("form.dog-form")).to_be_visible()


def fill_valid(page: Page, name: str = "Bella", start: dt.date | None = None) -> None:
    page.get_by_label("Your dog's name").fill(name)
    page.get_by_label("Left back leg").check()
    page.get_by_label("Right back leg").check()
    page.get_by_label("When did crate rest start?").fill((start or TODAY - dt.timedelta(days=3)).isoformat())


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()


def dog_card(page: Page, name: str):
    return page.get_by_role("region", name=name, exact=True)


# ---------------------------------------------------------------------------------------------
# Adding, listing, choosing

def test_empty_list_explains_why_a_profile_is_needed(page: Page, base_url, errors):
    page.goto(base_url + "/dogs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dogs")
    expect(page.get_by_role("heading", name="No dog on this phone yet")).to_be_visible()
    expect(page.get_by_text("works only on the legs that are paralysed")).to_be_visible()
    page.get_by_role("link", name="Add a dog").click()
    expect(page).to_have_url(base_url + "/dogs/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your dog")


def test_add_a_dog_through_the_form_and_it_is_chosen(page: Page, base_url, errors):
    open_form(page, base_url)
    fill_valid(page, start=TODAY - dt.timedelta(days=4))
    page.get_by_label("Length of crate rest, in weeks").fill("6")
    page.get_by_label("Sessions a day").select_option("3")
    page.get_by_label("Your clinic's name (optional)").fill("  Riverside   Vets ")
    page.get_by_label("Your clinic's phone number (optional)").fill("+44 (20) 7946-0000")
    save(page)
    expect(page).to_have_url(base_url + "/")

    [saved] = dogs_on_phone(page)
    assert UUID.match(saved["id"]) and saved["setByClinic"] is False and saved["createdAt"]
    assert {k: saved[k] for k in ("name", "legs", "crateRestStart", "crateRestWeeks", "sessionsPerDay", "clinicName", "clinicPhone")} == {
        "name": "Bella", "legs": ["left-hind", "right-hind"], "crateRestStart": (TODAY - dt.timedelta(days=4)).isoformat(),
        "crateRestWeeks": 6, "sessionsPerDay": 3, "clinicName": "Riverside Vets", "clinicPhone": "+44 (20) 7946-0000"}
    assert call_module(page, "dogs.js", "chosenDog")["id"] == saved["id"]

    page.goto(base_url + "/dogs")
    card = dog_card(page, "Bella")
    expect(card.get_by_text("Chosen", exact=True)).to_be_visible()
    expect(card).to_contain_text("Both back legs")
    expect(card).to_contain_text("Day 5 of 42 of crate rest")
    expect(card).to_contain_text("3 sessions a day")
    expect(card.get_by_role("button", name="Choose Bella")).to_have_count(0)  # already the chosen one


def test_choose_on_the_list_switches_the_chosen_dog(page: Page, base_url, errors):
    bella, max_ = seed(page, base_url, dog(), dog(name="Max", legs=["left-front"], sessionsPerDay=1))
    page.goto(base_url + "/dogs")
    expect(page.get_by_text("Sessions are for the chosen dog.")).to_be_visible()
    expect(dog_card(page, "Bella").get_by_text("Chosen", exact=True)).to_be_visible()  # the first, until one is chosen
    expect(dog_card(page, "Max")).to_contain_text("Left front leg")
    expect(dog_card(page, "Max")).to_contain_text("1 session a day")
    dog_card(page, "Max").get_by_role("button", name="Choose Max").click()
    expect(page).to_have_url(base_url + "/")
    assert call_module(page, "dogs.js", "chosenDog")["id"] == max_["id"]
    page.goto(base_url + "/dogs")
    expect(dog_card(page, "Max").get_by_text("Chosen", exact=True)).to_be_visible()
    expect(dog_card(page, "Bella").get_by_role("button", name="Choose Bella")).to_be_visible()
    expect(dog_card(page, "Bella").get_by_role("link", name="Edit Bella")).to_have_attribute("href", f"/dogs/{bella['id']}")


def test_dog_switcher_toggles_the_chosen_dog_in_one_tap(page: Page, base_url, errors):
    bella, max_ = seed(page, base_url, dog(), dog(name="Max"))
    page.goto(base_url + "/dogs")
    expect(dog_card(page, "Bella")).to_be_visible()
    # Rendered into the current page through the module, as the home page will.
    rendered = page.evaluate("""async (prefix) => {
      const { moduleOf } = await import(prefix + '/app.js');
      const { dogSwitcher } = moduleOf('js/views/dogs.js');
      const { listDogs, chosenDog } = moduleOf('js/dogs.js');
      const dogs = await listDogs();
      const none = dogSwitcher(dogs.slice(0, 1), dogs[0]) === null && dogSwitcher([], null) === null;
      document.querySelector('main').prepend(dogSwitcher(dogs, await chosenDog()));
      return none;
    }""", asset_prefix(page))
    assert rendered is True  # nothing to switch with fewer than two dogs
    switcher = page.get_by_role("group", name="Which dog?")
    expect(switcher.get_by_role("button", name="Bella")).to_have_attribute("aria-pressed", "true")
    expect(switcher.get_by_role("button", name="Max")).to_have_attribute("aria-pressed", "false")
    switcher.get_by_role("button", name="Max").click()
    expect(page).to_have_url(base_url + "/")
    assert call_module(page, "dogs.js", "chosenDog")["id"] == max_["id"]


# ---------------------------------------------------------------------------------------------
# The form's content and checks

def test_crate_rest_default_and_its_sources_are_shown(page: Page, base_url, errors):
    routine = httpx.get(base_url + "/api/v1/routine").json()
    rest, per_day = routine["crate_rest"], routine["sessions_per_day"]
    citations = {ref["id"]: ref["citation"] for ref in routine["references"]}
    open_form(page, base_url)
    weeks = page.get_by_label("Length of crate rest, in weeks")
    expect(weeks).to_have_value(str(rest["default"]))
    expect(weeks).to_have_attribute("min", str(rest["min"]))
    expect(weeks).to_have_attribute("max", str(rest["max"]))
    expect(weeks).to_have_accessible_description(re.compile(re.escape(rest["note"])))
    for ref in rest["references"]:
        expect(page.locator("#crate-rest-weeks-hint-2")).to_contain_text(citations[ref])
    expect(weeks).to_have_accessible_description(re.compile("Sources: "))

    sessions = page.get_by_label("Sessions a day")
    expect(sessions).to_have_value(str(per_day["default"]))
    expect(sessions.locator("option")).to_have_count(per_day["max"] - per_day["min"] + 1)
    expect(sessions).to_have_accessible_description(re.compile(re.escape(per_day["note"])))

    expect(page.get_by_role("group", name="Which legs are paralysed?").get_by_role("checkbox")).to_have_count(4)
    for leg in routine["legs"]:
        expect(page.get_by_label(leg["label"], exact=True)).not_to_be_checked()
    expect(page.get_by_label("Your clinic's phone number (optional)")).to_have_attribute("type", "tel")
    expect(page.get_by_label("Your clinic's phone number (optional)")).to_have_accessible_description(re.compile("safety check"))
    expect(page.get_by_label("When did crate rest start?")).to_have_attribute("max", TODAY.isoformat())
    expect(page.locator("form.dog-form")).to_have_attribute("novalidate", "")


PROBLEMS = [
    # (what to change from a valid form, the field's id, the message)
    ("empty name", lambda p: p.get_by_label("Your dog's name").fill("   "), "dog-name", "Enter your dog's name."),
    ("long name", lambda p: p.get_by_label("Your dog's name").fill("B" * 81), "dog-name", "Keep the name to 80 characters or fewer."),
    ("no leg", lambda p: (p.get_by_label("Left back leg").uncheck(), p.get_by_label("Right back leg").uncheck()),
     "legs", "Tick at least one leg that is paralysed."),
    ("no date", lambda p: p.get_by_label("When did crate rest start?").fill(""), "crate-rest-start", "Enter the date crate rest started."),
    ("future date", lambda p: p.get_by_label("When did crate rest start?").fill((TODAY + dt.timedelta(days=1)).isoformat()),
     "crate-rest-start", "The start date cannot be in the future."),
    ("old date", lambda p: p.get_by_label("When did crate rest start?").fill((TODAY - dt.timedelta(days=400)).isoformat()),
     "crate-rest-start", "That is more than a year ago. Enter the date this crate rest started."),
    ("too few weeks", lambda p: p.get_by_label("Length of crate rest, in weeks").fill("3"), "crate-rest-weeks",
     "Enter a whole number of weeks from 4 to 12."),
    ("too many weeks", lambda p: p.get_by_label("Length of crate rest, in weeks").fill("13"), "crate-rest-weeks",
     "Enter a whole number of weeks from 4 to 12."),
    ("no weeks", lambda p: p.get_by_label("Length of crate rest, in weeks").fill(""), "crate-rest-weeks",
     "Enter a whole number of weeks from 4 to 12."),
    ("long clinic name", lambda p: p.get_by_label("Your clinic's name (optional)").fill("C" * 81), "clinic-name",
     "Keep the clinic's name to 80 characters or fewer."),
    ("letters in phone", lambda p: p.get_by_label("Your clinic's phone number (optional)").fill("0800 VETS NOW"), "clinic-phone",
     "Use only digits, spaces, +, - and brackets in the phone number."),
    ("short phone", lambda p: p.get_by_label("Your clinic's phone number (optional)").fill("12 34"), "clinic-phone",
     "Enter the clinic's full number: 6 to 20 digits."),
    ("long phone", lambda p: p.get_by_label("Your clinic's phone number (optional)").fill("1" * 21), "clinic-phone",
     "Enter the clinic's full number: 6 to 20 digits."),
]


def expect_problem(page: Page, field_id: str, message: str) -> None:
    """The message sits in the field, described by it, the control is aria-invalid, and the summary links to it."""
    error = page.locator(f"#{field_id}-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(message)
    if field_id == "legs":
        group = page.get_by_role("group", name="Which legs are paralysed?")
        expect(group).to_have_attribute("aria-describedby", re.compile(r"\blegs-error\b"))
        for box in group.get_by_role("checkbox").all():
            expect(box).to_have_attribute("aria-invalid", "true")
        expect(group.locator("#legs-error")).to_have_count(1)  # inside the fieldset, next to the boxes
    else:
        control = page.locator(f"#{field_id}")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_attribute("aria-describedby", re.compile(rf"\b{field_id}-error\b"))
        expect(control).to_have_accessible_description(re.compile(re.escape(message)))
        # Next to its field: in the same .form-field as its label and control.
        expect(page.locator(".form-field", has=control).locator(f"#{field_id}-error")).to_have_count(1)
    expect(page.get_by_role("alert").get_by_role("link", name=message).first).to_be_visible()


@pytest.mark.parametrize(("change", "field_id", "message"), [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS])
def test_each_problem_is_shown_next_to_its_field_and_nothing_is_saved(page: Page, base_url, errors, change, field_id, message):
    open_form(page, base_url)
    fill_valid(page)
    change(page)
    save(page)
    expect_problem(page, field_id, message)
    expect(page.get_by_role("alert")).to_contain_text("One thing to fix before saving")
    expect(page).to_have_url(base_url + "/dogs/new")
    assert dogs_on_phone(page) == []
    # Only that field is marked.
    expect(page.locator("[aria-invalid=true]")).to_have_count(4 if field_id == "legs" else 1)


def test_all_problems_at_once_then_fixed_and_saved(page: Page, base_url, errors):
    open_form(page, base_url)
    page.get_by_label("Length of crate rest, in weeks").fill("20")
    page.get_by_label("Your clinic's phone number (optional)").fill("12ab")
    save(page)
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("5 things to fix before saving")
    for field_id, message in [("dog-name", "Enter your dog's name."), ("legs", "Tick at least one leg that is paralysed."),
                              ("crate-rest-start", "Enter the date crate rest started."),
                              ("crate-rest-weeks", "Enter a whole number of weeks from 4 to 12."),
                              ("clinic-phone", "Use only digits, spaces, +, - and brackets in the phone number.")]:
        expect_problem(page, field_id, message)
    # The summary's links focus their field, and stay on this page.
    summary.get_by_role("link", name="Tick at least one leg that is paralysed.").click()
    expect(page.get_by_label("Left back leg")).to_be_focused()
    summary.get_by_role("link", name="Enter a whole number of weeks from 4 to 12.").click()
    expect(page.get_by_label("Length of crate rest, in weeks")).to_be_focused()
    expect(page).to_have_url(base_url + "/dogs/new")
    assert dogs_on_phone(page) == []

    # Fixing some clears their marks; the rest stay.
    fill_valid(page)
    save(page)
    expect(page.locator("#dog-name")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#legs-error")).to_be_hidden()
    expect(page.get_by_role("alert").get_by_role("heading")).to_have_text("2 things to fix before saving")
    assert dogs_on_phone(page) == []

    page.get_by_label("Length of crate rest, in weeks").fill("12")
    page.get_by_label("Your clinic's phone number (optional)").fill("")
    save(page)
    expect(page).to_have_url(base_url + "/")
    assert [d["crateRestWeeks"] for d in dogs_on_phone(page)] == [12]


def test_edit_keeps_the_id_and_the_changes(page: Page, base_url, errors):
    [saved] = seed(page, base_url, dog())
    page.goto(base_url + "/dogs")
    dog_card(page, "Bella").get_by_role("link", name="Edit Bella").click()
    expect(page).to_have_url(f"{base_url}/dogs/{saved['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Bella")
    expect(page.get_by_label("Your dog's name")).to_have_value("Bella")
    expect(page.get_by_label("Left back leg")).to_be_checked()
    expect(page.get_by_label("Left front leg")).not_to_be_checked()
    expect(page.get_by_label("When did crate rest start?")).to_have_value(saved["crateRestStart"])
    expect(page.get_by_label("Your clinic's phone number (optional)")).to_have_value("+44 20 7946 0000")

    page.get_by_label("Your dog's name").fill("Bella Rose")
    page.get_by_label("Right back leg").uncheck()
    page.get_by_label("Length of crate rest, in weeks").fill("10")
    page.get_by_label("Sessions a day").select_option("4")
    save(page)
    expect(page).to_have_url(base_url + "/")
    [edited] = dogs_on_phone(page)
    assert edited["id"] == saved["id"] and edited["createdAt"] == saved["createdAt"]
    assert (edited["name"], edited["legs"], edited["crateRestWeeks"], edited["sessionsPerDay"]) == ("Bella Rose", ["left-hind"], 10, 4)
    assert edited["clinicName"] == "Riverside Vets"


def test_cancel_goes_back_without_saving(page: Page, base_url, errors):
    [saved] = seed(page, base_url, dog())
    open_form(page, base_url, f"/dogs/{saved['id']}")
    page.get_by_label("Your dog's name").fill("Changed")
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(base_url + "/dogs")
    assert [d["name"] for d in dogs_on_phone(page)] == ["Bella"]


def test_clinic_set_prescription_is_read_only_and_kept(page: Page, base_url, errors):
    [saved] = seed(page, base_url, dog(setByClinic=True, crateRestWeeks=6, sessionsPerDay=3,
                                       crateRestStart=(TODAY - dt.timedelta(days=500)).isoformat()))
    open_form(page, base_url, f"/dogs/{saved['id']}")
    for label in ["When did crate rest start?", "Length of crate rest, in weeks", "Sessions a day"]:
        field = page.get_by_label(label)
        expect(field).to_have_attribute("readonly", "")
        expect(field).to_have_accessible_name(re.compile("Set by your clinic"))
    expect(page.get_by_label("Sessions a day")).to_have_value("3 sessions a day")
    expect(page.get_by_label("Your dog's name")).not_to_have_attribute("readonly", "")
    # The clinic's values are not checked against the owner's rules (this start date is over a year old).
    page.get_by_label("Your dog's name").fill("Bella B")
    save(page)
    expect(page).to_have_url(base_url + "/")
    [edited] = dogs_on_phone(page)
    assert (edited["name"], edited["crateRestWeeks"], edited["sessionsPerDay"], edited["crateRestStart"], edited["setByClinic"]) == (
        "Bella B", 6, 3, saved["crateRestStart"], True)


def test_delete_asks_in_the_page_and_keeps_the_history(page: Page, base_url, errors):
    bella, max_ = seed(page, base_url, dog(), dog(name="Max"))
    call_module(page, "logs.js", "saveLog", {"id": "log-1", "dog": {"id": bella["id"]}, "started_at": "2026-01-01T08:00:00+00:00"})
    page.on("dialog", lambda dialog: pytest.fail(f"a browser dialog opened: {dialog.message}"))
    open_form(page, base_url, f"/dogs/{bella['id']}")
    page.get_by_role("button", name="Delete this dog").click()
    confirm = page.get_by_role("region", name="Delete Bella?")
    expect(confirm.get_by_role("heading")).to_be_focused()
    expect(confirm).to_contain_text("session history on this phone is kept")

    confirm.get_by_role("button", name="No, keep").click()  # backing out changes nothing
    expect(page.get_by_role("button", name="Delete this dog")).to_be_focused()
    assert len(dogs_on_phone(page)) == 2

    page.get_by_role("button", name="Delete this dog").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page).to_have_url(base_url + "/dogs")
    expect(dog_card(page, "Bella")).to_have_count(0)
    expect(dog_card(page, "Max")).to_be_visible()
    assert [d["id"] for d in dogs_on_phone(page)] == [max_["id"]]
    assert [log["id"] for log in call_module(page, "logs.js", "logsFor", bella["id"])] == ["log-1"]


def test_unknown_dog_is_not_on_this_phone(page: Page, base_url, errors):
    page.goto(base_url + "/dogs/00000000-0000-4000-8000-000000000000")
    expect(page.get_by_role("heading", level=1)).to_have_text("This dog is not on this phone")
    page.get_by_role("link", name="See your dogs").click()
    expect(page).to_have_url(base_url + "/dogs")


def test_add_and_edit_work_offline_after_the_first_visit(page: Page, base_url, errors):
    page.goto(base_url + "/")
    wait_until_offline_ready(page)
    page.context.set_offline(True)
    page.goto(base_url + "/dogs")
    expect(page.get_by_role("heading", name="No dog on this phone yet")).to_be_visible()
    page.get_by_role("link", name="Add a dog").click()
    expect(page.get_by_label("Length of crate rest, in weeks")).to_have_value("8")  # the routine, from the worker's cache
    fill_valid(page)
    save(page)
    expect(page).to_have_url(base_url + "/")
    page.goto(base_url + "/dogs")
    page.get_by_role("link", name="Edit Bella").click()
    page.get_by_label("Your dog's name").fill("Bella offline")
    save(page)
    expect(page).to_have_url(base_url + "/")
    page.reload()
    assert [d["name"] for d in dogs_on_phone(page)] == ["Bella offline"]


# ---------------------------------------------------------------------------------------------
# Accessibility of every dogs screen, light and dark

def open_empty_list(page, base_url):
    page.goto(base_url + "/dogs")
    expect(page.get_by_role("heading", name="No dog on this phone yet")).to_be_visible()


def open_list_with_dogs(page, base_url):
    seed(page, base_url, dog(), dog(name="Max", setByClinic=True))
    page.goto(base_url + "/dogs")
    expect(dog_card(page, "Max")).to_be_visible()


def open_form_with_errors(page, base_url):
    open_form(page, base_url)
    page.get_by_label("Your clinic's phone number (optional)").fill("12ab")
    save(page)
    expect(page.get_by_role("alert")).to_be_visible()


def open_edit_with_confirm(page, base_url):
    [saved] = seed(page, base_url, dog(setByClinic=True))
    open_form(page, base_url, f"/dogs/{saved['id']}")
    page.get_by_role("button", name="Delete this dog").click()
    expect(page.get_by_role("button", name="Yes, delete")).to_be_visible()


def open_switcher(page, base_url):
    open_list_with_dogs(page, base_url)
    page.evaluate("""async (prefix) => {
      const { moduleOf } = await import(prefix + '/app.js');
      const { dogSwitcher } = moduleOf('js/views/dogs.js');
      const { listDogs, chosenDog } = moduleOf('js/dogs.js');
      document.querySelector('main').prepend(dogSwitcher(await listDogs(), await chosenDog()));
    }""", asset_prefix(page))


SCREENS = {"empty list": open_empty_list, "list": open_list_with_dogs, "new form": open_form,
           "form with errors": open_form_with_errors, "edit, clinic-set, confirm": open_edit_with_confirm,
           "switcher": open_switcher}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_accessibility_violations(page: Page, base_url, errors, screen, scheme):
    page.emulate_media(color_scheme=scheme)
    SCREENS[screen](page, base_url)
    found, results = violations(page)
    assert found == [], results.generate_report()
