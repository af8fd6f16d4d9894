"""Every page names the portal's own icon, and the files are real icons."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_pages_link_the_portal_icon_and_the_files_are_icons(client):
    html = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert [href.rsplit("/", 1)[-1].split(".")[-1] for href in icons] == ["svg", "ico"]
    assert all("img/favicon" in href for href in icons)
    svg = ET.parse(finders.find("img/favicon.svg")).getroot()  # noqa: S314 (our own file)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 32 32"
    with Image.open(finders.find("img/favicon.ico")) as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(ico.info["sizes"])
