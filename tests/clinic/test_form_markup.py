"""The forms' extra attributes reach the browser as attributes, not as escaped text: the setup
page's time-zone list and the fields' min/max/maxlength would otherwise do nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.clinic.conftest import new_patient


def test_setup_time_zone_field_uses_its_list(clinic_app):
    with TestClient(clinic_app) as client:
        page = client.get("/clinic/setup").text
    assert 'list="timezones"' in page and 'autocomplete="off"' in page
    assert '<datalist id="timezones">' in page and "&#34;" not in page and "&quot;timezones" not in page


def test_field_limits_are_attributes(desk):
    assert 'maxlength="80"' in desk.get("/clinic/patients/new").text
    patient_page = desk.get(f"/clinic/patients/{new_patient(desk)}").text
    assert 'maxlength="80"' in patient_page and 'min="4" max="12"' in patient_page
