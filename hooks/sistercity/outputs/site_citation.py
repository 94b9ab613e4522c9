"""How to cite the record: APA and BibTeX, from CITATION.cff (so the details are written once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Citation:
    title: str
    authors: list[str]
    version: str
    url: str | None

    @classmethod
    def from_cff(cls, path: Path, url: str | None = None) -> Citation:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        authors = [a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}" for a in data["authors"]]
        return cls(data["title"], authors, str(data["version"]), url)

    def apa(self, accessed: dt.date) -> str:
        """APA 7 style: Author. (Year). Title (Version x) [Data set]. URL"""
        who = " & ".join(self.authors)
        text = f"{who}. ({accessed.year}). {self.title} (Version {self.version}) [Data set]."
        return f"{text} {self.url}" if self.url else text

    def bibtex(self, accessed: dt.date) -> str:
        fields = {
            "author": " and ".join(f"{{{a}}}" for a in self.authors),
            "title": f"{{{self.title}}}",
            "year": str(accessed.year),
            "version": self.version,
            "note": f"Version {self.version}, built {accessed.isoformat()}",
        }
        if self.url:
            fields["url"] = self.url
        # Inner braces keep BibTeX from splitting the corporate author or lower-casing the title.
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
        return f"@misc{{padang_hildesheim_{accessed.year},\n{body}\n}}"
