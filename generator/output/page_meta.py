"""What the templates state about every page beyond its content: where it lives (canonical
link, share card), how to cite it, when its numbers are from and when the next come, and
where its downloads, the data package and the feed are.

The templates get this as ``site``: the planned site's links, with these additions. Addresses
that must be absolute (canonical, og:url, og:image) are given only when the base URL is known;
without it they are "" and the templates leave them out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from generator.output.release import Release
from generator.plan import routes
from generator.plan.navigation import Site
from generator.plan.views import Page

SOURCE_NAME = "Deltakere i arbeidsrettede tiltak"


@dataclass(frozen=True)
class PublishedSite(Site):
    base_url: str = ""
    release: Release = field(default_factory=lambda: Release("2000-01"))
    feed: str = routes.FEED
    data_package: str = routes.DATA_PACKAGE
    dataset_csv: str = routes.DATASET_CSV
    dataset_json: str = routes.DATASET_JSON
    dataset_xlsx: str = routes.DATASET_XLSX

    @classmethod
    def of(cls, site: Site, base_url: str, release: Release) -> PublishedSite:
        fields = {f.name: getattr(site, f.name) for f in dataclasses.fields(site)}
        return cls(**fields, base_url=base_url, release=release)

    def spreadsheet(self, csv_href: str) -> str:
        """The Excel workbook beside a CSV download."""
        return routes.spreadsheet(csv_href)

    def absolute(self, path: str) -> str:
        """A file's full address, or "" when the base URL is not known."""
        return f"{self.base_url}{path}" if self.base_url else ""

    def canonical(self, page: Page) -> str:
        """The page's address; none for the page served at every missing address (404)."""
        return "" if page.path == routes.NOT_FOUND else self.absolute(page.path)

    def share_image(self, page: Page) -> str:
        return self.absolute(routes.share_image(page.path))

    def is_statistics(self, page: Page) -> bool:
        """A page of numbers (the front page, a county, a tiltaksgruppe), which can be cited."""
        return bool(page.figures)

    def citation(self, page: Page) -> str:
        """A sentence to cite the page with: title, source, period, data date and address."""
        period = page.period or self.period
        year = self.release.latest_month[:4]
        text = (
            f"NAV ({year}): {page.title}, {period}. Kilde: NAV, «{SOURCE_NAME}», tall til og "
            f"med {self.release.data_until}. Lisens: CC BY 4.0."
        )
        address = self.canonical(page)
        return f"{text} {address}" if address else text
