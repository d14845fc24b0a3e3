"""运行监控 (monitoring): checkpoints, warnings and red/yellow/green status per project and unit."""

from ..model import LIKELIHOODS, REASON_CATEGORIES
from .checkpoint import (
    IndicatorProgress,
    MonitoringCheckpoint,
    apply_progress,
    checkpoint_from_target,
    from_table,
    time_progress,
    to_table,
)
from .status import MonitoringWarning, ProjectStatus, UnitStatus, check_checkpoint, overview, unit_statuses

__all__ = [
    "LIKELIHOODS",
    "REASON_CATEGORIES",
    "IndicatorProgress",
    "MonitoringCheckpoint",
    "MonitoringWarning",
    "ProjectStatus",
    "UnitStatus",
    "apply_progress",
    "check_checkpoint",
    "checkpoint_from_target",
    "from_table",
    "overview",
    "time_progress",
    "to_table",
    "unit_statuses",
]
