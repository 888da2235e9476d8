"""The office's letterhead settings: saved by an administrator, audited, checked, read back."""

import io
from dataclasses import replace

import pytest
from PIL import Image

from models.audit import verify_chain
from models.errors import DeskError, StoreError, ValidationError
from models.letters.content import Letterhead
from models.letters.office import (
    LOGO_KEY,
    OfficeSettings,
    letterhead,
    office_settings,
    read_logo,
    save_office_settings,
)
from models.staff import current_staff, update_staff


def picture(kind: str, size=(40, 20), mode="RGB") -> bytes:
    """A real picture of ``kind`` (PNG or JPEG), as a county's seal file would be."""
    out = io.BytesIO()
    Image.new(mode, size, "navy" if mode == "RGB" else 1).save(out, kind)
    return out.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")
GIF = b"GIF89a" + b"\x00" * 20
MB = 1024 * 1024

SETTINGS = OfficeSettings(
    county_name="  County of Alder ",
    office_name="Office of the County Counsel",
    office_address="  70 West Hedding Street \n\n East Wing, 9th Floor\r\nSan José, CA 95110  \n",
    office_phone="(408) 299-5900",
    office_email="counsel@alder.example.gov",
    signer_name="Ana  Ruiz",
    signer_title="Deputy County Counsel",
    jail_name="Alder County Main Jail",
    jail_address="150 West Hedding Street\nSan José, CA 95110",
    reference_prefix="CC-LIT",
    logo=PNG,
)


def settings_rows(db) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM settings").fetchall())


def audit_of_settings(db) -> list[tuple]:
    return db.execute(
        "SELECT action, record_id, field, old_value, new_value FROM audit_log "
        "WHERE table_name = 'settings' ORDER BY id"
    ).fetchall()


def clerk(db, actor):
    update_staff(db, actor, "jdoe", full_name="Jo Doe")
    return current_staff(db, login="jdoe")


def test_a_new_database_has_the_office_name_and_nothing_else(db):
    s = office_settings(db)
    assert s == OfficeSettings(office_name="Office of the County Counsel")
    assert s.reference_prefix == "DD" and s.logo is None and s.county_name == ""


def test_a_new_database_cannot_print_a_letterhead_until_the_county_is_named(db):
    with pytest.raises(ValidationError) as caught:
        letterhead(db)
    assert caught.value.for_field("county_name") == [
        "Set the county's name in Settings ▸ Letterhead before printing letters."
    ]
    assert caught.value.for_field("office_name") == []


def test_saved_settings_read_back_cleaned_and_make_the_letterhead(db, actor):
    saved = save_office_settings(db, actor, SETTINGS)
    assert saved == OfficeSettings(
        county_name="County of Alder",
        office_name="Office of the County Counsel",
        office_address="70 West Hedding Street\nEast Wing, 9th Floor\nSan José, CA 95110",
        office_phone="(408) 299-5900",
        office_email="counsel@alder.example.gov",
        signer_name="Ana Ruiz",
        signer_title="Deputy County Counsel",
        jail_name="Alder County Main Jail",
        jail_address="150 West Hedding Street\nSan José, CA 95110",
        reference_prefix="CC-LIT",
        logo=PNG,
    )
    assert office_settings(db) == saved
    assert letterhead(db) == Letterhead(
        county="County of Alder",
        office="Office of the County Counsel",
        address_lines=("70 West Hedding Street", "East Wing, 9th Floor", "San José, CA 95110"),
        contact_line="Tel. (408) 299-5900 · counsel@alder.example.gov",
        logo=PNG,
    )
    stored = db.execute(
        "SELECT b.size, b.content FROM settings s JOIN attachment_blobs b ON b.sha256 = s.value "
        "WHERE s.key = ?",
        [LOGO_KEY],
    ).fetchone()
    assert stored == (len(PNG), PNG)


def test_the_contact_line_has_only_what_is_set(db, actor):
    save_office_settings(
        db, actor, OfficeSettings("County of Alder", "Counsel", office_email="a@b.gov")
    )
    assert letterhead(db).contact_line == "a@b.gov"
    save_office_settings(
        db, actor, OfficeSettings("County of Alder", "Counsel", office_phone="555")
    )
    assert letterhead(db).contact_line == "Tel. 555"
    save_office_settings(db, actor, OfficeSettings("County of Alder", "Counsel"))
    assert letterhead(db) == Letterhead("County of Alder", "Counsel", (), "", None)


def test_each_changed_key_is_audited_once_on_its_settings_row(db, actor):
    save_office_settings(db, actor, SETTINGS)
    rows = audit_of_settings(db)
    rowids = dict(db.execute("SELECT key, rowid FROM settings").fetchall())
    fields = [r[2] for r in rows]
    # office_name was seeded with the same value: not a change, not audited.
    assert "office_name" not in fields
    assert len(fields) == len(set(fields)) == 10
    for action, record_id, field, old, new in rows:
        assert action == "create" and old is None
        assert record_id == rowids[field]
        assert new == settings_rows(db)[field]
    save_office_settings(db, actor, replace(office_settings(db), signer_title="County Counsel"))
    assert audit_of_settings(db)[len(rows) :] == [
        (
            "update",
            rowids["signer_title"],
            "signer_title",
            "Deputy County Counsel",
            "County Counsel",
        )
    ]
    assert verify_chain(db).ok


def test_saving_the_same_settings_again_writes_nothing(db, actor):
    save_office_settings(db, actor, SETTINGS)
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    save_office_settings(db, actor, office_settings(db))
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_a_clerk_cannot_change_the_letterhead(db, actor):
    someone = clerk(db, actor)
    before = (settings_rows(db), db.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    with pytest.raises(DeskError, match="Only an administrator can change the letterhead."):
        save_office_settings(db, someone, SETTINGS)
    after = (settings_rows(db), db.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    assert after == before


def test_every_problem_is_refused_at_once_and_nothing_is_written(db, actor):
    bad = replace(
        SETTINGS,
        county_name=" ",
        office_name="",
        reference_prefix="DD 2026!",
        office_email="counsel at alder",
        logo=GIF,
    )
    before = settings_rows(db)
    with pytest.raises(ValidationError) as caught:
        save_office_settings(db, actor, bad)
    error = caught.value
    assert "Give the county's name" in error.for_field("county_name")[0]
    assert error.for_field("office_name") == ["Give the office's name."]
    assert (
        "“DD 2026!” must be 1 to 8 letters, digits or hyphens"
        in error.for_field("reference_prefix")[0]
    )
    assert "“counsel at alder” is not an email address" in error.for_field("office_email")[0]
    assert "The logo is not a PNG or JPEG picture" in error.for_field("logo")[0]
    assert settings_rows(db) == before
    assert db.execute("SELECT count(*) FROM attachment_blobs").fetchone()[0] == 0


@pytest.mark.parametrize("prefix", ["D", "DD", "CC-LIT", "ABCDEFGH", "2026"])
def test_a_reference_prefix_of_one_to_eight_letters_digits_hyphens_is_accepted(db, actor, prefix):
    assert (
        save_office_settings(db, actor, replace(SETTINGS, reference_prefix=prefix)).reference_prefix
        == prefix
    )


@pytest.mark.parametrize("prefix", ["", "ABCDEFGHI", "DD/1", "ÑU"])
def test_other_prefixes_are_refused(db, actor, prefix):
    with pytest.raises(ValidationError) as caught:
        save_office_settings(db, actor, replace(SETTINGS, reference_prefix=prefix))
    assert caught.value.for_field("reference_prefix")


def test_a_logo_over_two_megabytes_is_refused_when_saved(db, actor):
    with pytest.raises(ValidationError) as caught:
        save_office_settings(db, actor, replace(SETTINGS, logo=PNG + b"\x00" * (2 * MB)))
    assert caught.value.for_field("logo") == [
        f"The logo is {2 * MB + len(PNG):,} bytes (more than {2 * MB:,}); a logo may be at "
        "most 2 MB."
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (PNG[:8] + b"\x00\x00\x00\rIHDR" + b"seal" * 10, "could not be read as a picture"),
        (JPEG[:-200], "could not be read as a picture"),  # cut off: only decoding finds it
        (picture("PNG", (6000, 6000), mode="1"), "is 6,000 × 6,000 pixels; a logo may have"),
    ],
    ids=["not-a-picture", "cut-off", "too-many-pixels"],
)
def test_a_logo_that_would_not_print_is_refused_when_saved(db, actor, content, words):
    """Else every letter after it would fail (or fill the desk's memory) until it is fixed."""
    with pytest.raises(ValidationError) as caught:
        save_office_settings(db, actor, replace(SETTINGS, logo=content))
    assert words in caught.value.for_field("logo")[0]
    assert db.execute("SELECT count(*) FROM attachment_blobs").fetchone()[0] == 0


def test_read_logo_accepts_png_and_jpeg_by_their_first_bytes(tmp_path):
    png, jpeg = tmp_path / "seal.PNG", tmp_path / "seal.dat"
    png.write_bytes(PNG)
    jpeg.write_bytes(JPEG)
    assert read_logo(png) == PNG
    assert read_logo(jpeg) == JPEG  # the name does not matter, the content does


def test_read_logo_refuses_a_picture_of_another_kind_even_named_png(tmp_path):
    gif = tmp_path / "seal.png"
    gif.write_bytes(GIF)
    with pytest.raises(ValidationError) as caught:
        read_logo(gif)
    assert caught.value.for_field("logo")[0].startswith("“seal.png” is not a PNG or JPEG picture")


def test_read_logo_refuses_a_big_file_saying_its_size(tmp_path):
    big = tmp_path / "seal.png"
    big.write_bytes(PNG + b"\x00" * (int(3.1 * MB) - len(PNG)))
    with pytest.raises(ValidationError) as caught:
        read_logo(big)
    assert caught.value.for_field("logo") == ["“seal.png” is 3.1 MB; a logo may be at most 2 MB."]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: None, "was not found"),
        (lambda p: p.mkdir(), "is not a file"),
        (lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    ],
)
def test_read_logo_refuses_what_is_not_a_readable_file(tmp_path, make, words):
    path = tmp_path / "seal.png"
    make(path)
    with pytest.raises(ValidationError) as caught:
        read_logo(path)
    assert words in caught.value.for_field("logo")[0]


def test_a_replaced_logo_leaves_no_unused_bytes_and_removing_it_prints_none(db, actor):
    save_office_settings(db, actor, SETTINGS)
    save_office_settings(db, actor, replace(SETTINGS, logo=JPEG))
    blobs = [r[0] for r in db.execute("SELECT content FROM attachment_blobs")]
    assert blobs == [JPEG]
    assert letterhead(db).logo == JPEG
    save_office_settings(db, actor, replace(SETTINGS, logo=None))
    assert letterhead(db).logo is None
    assert db.execute("SELECT count(*) FROM attachment_blobs").fetchone()[0] == 0
    changes = [r[3:] for r in audit_of_settings(db) if r[2] == LOGO_KEY]
    assert len(changes) == 3 and changes[-1][1] == ""
    assert changes[1][0] == changes[0][1]  # old → new hashes chain up


def test_a_damaged_logo_is_reported_not_printed(db, actor):
    save_office_settings(db, actor, SETTINGS)
    db.execute("UPDATE attachment_blobs SET content = ?", [PNG[:-1] + b"X"])
    with pytest.raises(StoreError, match="The letterhead logo is damaged in the database"):
        letterhead(db)
    assert office_settings(db, with_logo=False).county_name == "County of Alder"


def test_without_an_office_name_both_missing_names_are_told(db, actor):
    db.execute("UPDATE settings SET value = '' WHERE key = 'office_name'")
    with pytest.raises(ValidationError) as caught:
        letterhead(db)
    assert {e.field for e in caught.value.errors} == {"county_name", "office_name"}
    assert "Set the office's name in Settings ▸ Letterhead" in str(caught.value)
