"""The audit that most audit tests read, computed once a session."""

from __future__ import annotations

import pytest

from aimm.audit.matrix import AuditReport, audit_paths
from aimm.core.engine import Engine
from tests.support import REGULATED, TODAY

FRAMEWORKS = ["eu-ai-act", "nist-ai-rmf", "iso-42001"]


@pytest.fixture(scope="session")
def audit_report(profile_engine: Engine) -> AuditReport:
    """The regulated examples audited against all three frameworks on TODAY."""
    return audit_paths([REGULATED], FRAMEWORKS, today=TODAY, engine=profile_engine)
