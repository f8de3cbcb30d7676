"""The documents of a manifest's ``compliance:`` section, as evidence fields.

Every one is read by the ``document`` probe (real content, not an empty file or a placeholder);
the ones a team must keep current are also dated from git history by the ``history`` probe and
judged against ``evidence.staleness_days`` by the policies. Kept apart from
:mod:`aimm.core.evidence` so the probes can import it without a cycle.
"""

from __future__ import annotations

# The documents whose age matters (plans, assessments, policies): dated from git history.
DATED_DOCUMENTS: tuple[tuple[str, ...], ...] = (
    ("compliance", "risk_management"),
    ("compliance", "impact_assessment"),
    ("compliance", "data_governance"),
    ("compliance", "instructions_for_use"),
    ("compliance", "accuracy_metrics"),
    ("compliance", "quality_management"),
    ("compliance", "post_market_monitoring_plan"),
    ("compliance", "gpai_model", "adversarial_testing"),
    ("compliance", "gpai_model", "systemic_risk_assessment"),
)
COMPLIANCE_DOCUMENTS: tuple[tuple[str, ...], ...] = (
    ("compliance", "ai_literacy"),
    ("compliance", "risk_management"),
    ("compliance", "technical_documentation"),
    ("compliance", "impact_assessment"),
    ("compliance", "human_oversight", "procedure"),
    ("compliance", "conformity_assessment", "record"),
    ("compliance", "transparency", "notice"),
    ("compliance", "transparency", "affected_persons_notice"),
    ("compliance", "transparency", "user_information"),
    ("compliance", "transparency", "exposure_notice"),
    ("compliance", "transparency", "deep_fake_disclosure"),
    ("compliance", "incident_reporting", "procedure"),
    ("compliance", "data_governance"),
    ("compliance", "instructions_for_use"),
    ("compliance", "accuracy_metrics"),
    ("compliance", "quality_management"),
    ("compliance", "post_market_monitoring_plan"),
    ("compliance", "corrective_actions"),
    ("compliance", "explanation_procedure"),
    ("compliance", "workers_informed"),
    ("compliance", "declaration_of_conformity"),
    ("compliance", "high_risk_exemption", "assessment"),
    ("compliance", "gpai_model", "technical_documentation"),
    ("compliance", "gpai_model", "downstream_information"),
    ("compliance", "gpai_model", "copyright_policy"),
    ("compliance", "gpai_model", "training_content_summary"),
    ("compliance", "gpai_model", "commission_notification"),
    ("compliance", "gpai_model", "adversarial_testing"),
    ("compliance", "gpai_model", "systemic_risk_assessment"),
    ("compliance", "gpai_model", "incident_reporting"),
    ("compliance", "gpai_model", "security_measures"),
)
