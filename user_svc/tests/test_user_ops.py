"""user_svc's operations entry (``user_svc.ops``, behind `peerprep admin`) is composed as the app is: once, the
launcher's copy of it built its KeySet without the issuer and audience user_svc's settings give the app."""

import pytest

from svc_kit import ServiceContext
from user_svc import ops
from user_svc.app import create_app
from user_svc.settings import UserSettings


async def test_the_keys_the_operations_rotate_are_the_app_s_with_its_issuer_and_audience() -> None:
    settings = UserSettings(issuer="peerprep-elsewhere", audience="another-audience", key_encryption_key_file=None)
    app = create_app(settings)
    ctx = ServiceContext.build(settings)
    try:
        rotated_by_ops, verified_by_app = ops.signing_keys(settings, ctx).keyset, app.state.keyset
        assert (rotated_by_ops.issuer, rotated_by_ops.audience) == ("peerprep-elsewhere", "another-audience")
        assert (rotated_by_ops.issuer, rotated_by_ops.audience, rotated_by_ops.leeway_s) == (
            verified_by_app.issuer,
            verified_by_app.audience,
            verified_by_app.leeway_s,
        )
        assert app.state.keys.keyset is verified_by_app
    finally:
        await ctx.mongo.close()
        await app.state.ctx.mongo.close()


def test_a_new_encryption_key_is_printed_as_one_key_file_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert ops.main(["new-encryption-key", "kek-2027"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("kek-2027:")
    assert ops.main(["new-encryption-key", "not an id"]) == 2
    assert capsys.readouterr().out.startswith("user_svc: error: ")


def test_granting_needs_an_email(capsys: pytest.CaptureFixture[str]) -> None:
    assert ops.main(["grant"]) == 2
    assert capsys.readouterr().out == "user_svc: error: admin grant needs an EMAIL\n"
