"""Several replicas: compose.yaml, deploy/kubernetes.yaml, the nginx template, `make serve`.

No container engine or cluster runs in CI, so these files are read, as tests/test_hosting.py
reads the Dockerfile, and checked against the Dockerfile, .streamlit/config.toml and each other.
The nginx of `make serve` itself runs in tests/proxy.
"""

from __future__ import annotations

import re

import pytest
import yaml

from deploy.serve import MULTIPART_MB, render, upload_mb
from tests.conftest import ROOT
from tests.test_hosting import PORT_IN_IMAGE, instructions, only

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
KUBE = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()) if d]
COMPOSE_NGINX = ROOT / "deploy" / "compose" / "nginx.conf"


def image_uid() -> int:
    users = [args for word, args in instructions() if word == "USER"]
    return int(users[-1].split(":")[0])


def app_services() -> dict[str, dict]:
    return {name: s for name, s in COMPOSE["services"].items() if name != "nginx"}


def kind(name: str) -> dict:
    found = [d for d in KUBE if d["kind"] == name]
    assert len(found) == 1, f"expected one {name}"
    return found[0]


# --- the nginx template --------------------------------------------------------------------


def test_template_limits_follow_the_upload_setting_and_idle_timeouts_are_long():
    text = render(["127.0.0.1:1"], "8080", None)
    assert f"client_max_body_size {upload_mb() + MULTIPART_MB}m;" in text
    assert upload_mb() == 200
    stream = text.split("location = /_stcore/stream", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    assert "proxy_read_timeout 3600s;" in stream
    # every location that sets headers passes the browser's Host (nginx does not inherit them)
    for block in text.split("location ")[1:]:
        body = block.split("}", 1)[0]
        if "proxy_set_header" in body:
            assert "proxy_set_header Host $http_host;" in body, body[:80]


def test_template_is_sticky_by_a_cookie_not_by_address_alone():
    text = render(["127.0.0.1:1", "127.0.0.1:2"], "8080", None)
    assert "ip_hash" not in text
    assert "hash $crisis_route_key consistent;" in text
    key_map = re.search(r"map \$cookie_crisis_route \$crisis_route_key \{(.*?)\}", text, re.S)
    assert key_map and "default $cookie_crisis_route;" in key_map.group(1)
    assert '""      "$remote_addr $http_user_agent";' in key_map.group(1)  # the fallback
    assert "add_header Set-Cookie $crisis_route_cookie always;" in text
    assert "add_header X-Upstream $upstream_addr always;" in text
    assert text.count("server 127.0.0.1:") == 2


def test_a_secure_cookie_on_request():
    assert "SameSite=Lax; Secure" in render(["a:1"], "443", None, secure_cookie=True)
    assert "Secure" not in render(["a:1"], "80", None)


def test_make_serve_runs_the_supervisor_and_ci_installs_nginx():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "deploy/serve.py" in recipe and "REPLICAS=$(REPLICAS)" in recipe
    assert "SERVE_PORT = $(if $(filter file,$(origin PORT)),8080,$(PORT))" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"apt-get install[^\n]*\bnginx\b", ci)
    assert re.search(r"apt-get install[^\n]*\bchromium\b", ci)


# --- compose.yaml ----------------------------------------------------------------------------


def test_compose_runs_nginx_in_front_of_several_app_containers_from_the_dockerfile():
    apps = app_services()
    assert len(apps) >= 2
    for name, service in apps.items():
        assert service["build"] == ".", name  # the repository's Dockerfile
        assert (ROOT / service["build"] / "Dockerfile").is_file()
        assert service["expose"] == [PORT_IN_IMAGE], name
        assert "ports" not in service, f"{name} is reached through nginx only"
    nginx = COMPOSE["services"]["nginx"]
    assert nginx["image"].startswith("nginx:")
    assert nginx["ports"] == ["8080:80"]
    assert set(nginx["depends_on"]) == set(apps)
    assert all(d["condition"] == "service_healthy" for d in nginx["depends_on"].values())
    assert only("HEALTHCHECK"), "service_healthy needs the image's HEALTHCHECK"


def test_compose_replicas_share_one_cookie_secret_and_name_their_hosts():
    secrets = set()
    for name, service in app_services().items():
        env = service["environment"]
        secrets.add(env["STREAMLIT_SERVER_COOKIE_SECRET"])
        assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"], name
    assert len(secrets) == 1
    (secret,) = secrets
    assert secret.startswith("${STREAMLIT_SERVER_COOKIE_SECRET:?"), "no default secret"


def test_compose_nginx_config_is_the_template_rendered_for_its_services():
    mounts = COMPOSE["services"]["nginx"]["volumes"]
    assert mounts == ["./deploy/compose/nginx.conf:/etc/nginx/nginx.conf:ro"]
    upstreams = [f"{name}:{PORT_IN_IMAGE}" for name in app_services()]
    expected = render(upstreams, "80", None)
    assert COMPOSE_NGINX.read_text(encoding="utf-8") == expected, (
        "deploy/compose/nginx.conf is stale: .venv/bin/python deploy/serve.py --render "
        + " ".join(upstreams)
        + " > deploy/compose/nginx.conf"
    )
    assert "daemon off" not in expected  # the official image passes -g 'daemon off;'


# --- deploy/kubernetes.yaml -------------------------------------------------------------------


def test_kubernetes_has_a_deployment_a_service_and_an_ingress():
    assert sorted(d["kind"] for d in KUBE) == ["Deployment", "Ingress", "Service"]


def test_kubernetes_deployment_runs_the_image_as_it_is_built():
    deployment = kind("Deployment")
    assert deployment["spec"]["replicas"] >= 2
    pod = deployment["spec"]["template"]
    assert pod["metadata"]["labels"] == deployment["spec"]["selector"]["matchLabels"]
    security = pod["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] == image_uid()
    (container,) = pod["spec"]["containers"]
    assert [p["containerPort"] for p in container["ports"]] == [int(PORT_IN_IMAGE)]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    env = {e["name"]: e for e in container["env"]}
    secret = env["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "secretKeyRef" in secret["valueFrom"], "one secret for every replica, not a literal"
    hosts = [r["host"] for r in kind("Ingress")["spec"]["rules"]]
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"]["value"] in hosts
    assert container["resources"]["requests"]["cpu"] == "1"  # one core per replica (the GIL)


def test_kubernetes_service_and_ingress_reach_the_pods_with_cookie_affinity():
    pod = kind("Deployment")["spec"]["template"]
    service, ingress = kind("Service"), kind("Ingress")
    assert service["spec"]["selector"] == pod["metadata"]["labels"]
    port_names = {p["name"] for p in pod["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "affinity-mode"] == "persistent"
    assert notes[prefix + "session-cookie-name"]
    assert int(notes[prefix + "proxy-body-size"].rstrip("m")) >= upload_mb()
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    assert not any("upstream-hash-by" in k for k in notes), "affinity by cookie, not address"
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == service["metadata"]["name"]
            assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}


@pytest.mark.parametrize("path", ["compose.yaml", "deploy/kubernetes.yaml"])
def test_no_secret_values_are_written_in_the_examples(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert not re.search(r"COOKIE_SECRET:\s*['\"]?[0-9a-f]{16,}", text)
