"""The web service over real HTTP on loopback: health, registry API, bad input."""
from __future__ import annotations

import json
import urllib.error
import urllib.request


def call(url, body=None, token="test-token-not-secret", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_health(live):
    assert call(f"{live.url}/health", token=None) == (200, {"status": "ok"})


def test_search_returns_offers_for_a_professional_with_a_token(live):
    status, body = call(f"{live.url}/api/registry/search?language=en",
                        {"age": 34, "gender": "male", "exploitation_forms": ["labour"], "found_place": "Venlo",
                         "unsafe_places": ["Limburg"]})
    assert status == 200 and body["offers"] and all(o["region"] != "Limburg" for o in body["offers"])


def test_search_without_or_with_a_wrong_token_is_refused(live):
    assert call(f"{live.url}/api/registry/search", {"age": 30}, token=None)[0] == 401
    assert call(f"{live.url}/api/registry/search", {"age": 30}, token="guess")[0] == 401


def test_malformed_json_and_bad_profiles_get_clear_errors(live):
    status, body = call(f"{live.url}/api/registry/search", raw=b"{not json")
    assert status == 400 and "JSON" in body["error"]
    status, body = call(f"{live.url}/api/registry/search", {"age": "x'; DROP TABLE shelters;--"})
    assert status == 422
    assert call(f"{live.url}/api/registry/search", {"age": 30})[0] == 200  # the registry is intact


def test_huge_body_is_refused(live):
    status, _ = call(f"{live.url}/api/registry/search", raw=b"{" + b" " * (200 * 1024) + b"}")
    assert status == 413


def test_set_free_beds_through_the_api(live):
    status, body = call(f"{live.url}/api/registry/beds", {"shelter": "man-apeldoorn", "free": 1, "actor": "staff"})
    assert status == 200 and body["free"] == 1
    assert call(f"{live.url}/api/registry/beds", {"shelter": "man-apeldoorn", "free": 99})[0] == 422
