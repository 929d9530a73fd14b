"""FILE_STORAGE: a local folder under DATA_DIR when embedded, S3-compatible object storage from the environment."""

import json

from .test_settings import EVIDENCE_KEY, STRONG_KEY, _manage

S3 = {
    "S3_BUCKET": "networkhub-files",
    "S3_ENDPOINT_URL": "http://minio:9000",
    "S3_REGION": "eu-north-1",
    "S3_ACCESS_KEY_ID": "networkhub",
    "S3_SECRET_ACCESS_KEY": "minio-secret-key",
    "S3_ADDRESSING_STYLE": "path",
}
SHOW = (
    "import json; from django.conf import settings as s; from django.core.files.storage import storages; "
    "print(json.dumps([s.STORAGES['default'], type(storages['default']).__name__, str(s.MEDIA_ROOT)]))"
)


def _storage(**env):
    result = _manage("shell", "--no-imports", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_files_go_to_a_local_folder_under_the_data_dir(tmp_path):
    config, kind, media_root = _storage(DATA_DIR=str(tmp_path), FILE_STORAGE="", S3_BUCKET="")
    assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage"} and kind == "FileSystemStorage"
    assert media_root == str(tmp_path / "media")


def test_an_s3_bucket_in_the_environment_means_private_objects_and_no_signed_urls():
    config, kind, _media_root = _storage(**S3)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage" and kind == "S3Storage"
    options = config["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "networkhub-files",
        "http://minio:9000",
        "eu-north-1",
    )
    assert (options["access_key"], options["secret_key"], options["addressing_style"]) == (
        "networkhub",
        "minio-secret-key",
        "path",
    )
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", False, False)


def test_s3_without_a_bucket_or_with_a_bad_addressing_style_refuses_to_start():
    result = _manage("check", FILE_STORAGE="s3", S3_BUCKET="")
    assert result.returncode != 0 and "S3_BUCKET" in result.stderr
    result = _manage("check", **{**S3, "S3_ADDRESSING_STYLE": "sideways"})
    assert result.returncode != 0 and "S3_ADDRESSING_STYLE" in result.stderr
    result = _manage("check", FILE_STORAGE="ftp")
    assert result.returncode != 0 and "FILE_STORAGE" in result.stderr


def test_production_with_s3_passes_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="networkhub.example",
        EVIDENCE_KEY=EVIDENCE_KEY,
        **S3,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
