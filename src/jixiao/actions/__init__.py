"""The actions (操作): every user action as one library function.

The CLI, the REST API and the web UI only parse their input, call one of these, and render
what it returns; none of them reads, checks, scores, stores or lays out on its own.  An
action takes the store and the acting user (``None``: the local command line) first, then
plain values, and returns plain data or raises a :class:`~jixiao.errors.JixiaoError`.

===========================  ==========================  ======================================
action                       function                    called by
===========================  ==========================  ======================================
导入 import files             :func:`import_file`         ``jixiao ingest --db`` ·
                                                         ``POST /api/v1/documents`` · ``/import``
检查 check                    :func:`check_document`      ``jixiao check`` (:func:`check_files`) ·
                                                         ``POST /api/v1/check`` · editor live check
计分 score                    :func:`score_table`         ``jixiao score`` (:func:`score_document`)
                                                         · ``POST /api/v1/score`` · score pages
运行监控 record a checkpoint  :func:`record_checkpoint`   checkpoint endpoints · checkpoint form
绩效自评 save a self-eval     :func:`save_selfeval`       self-evaluation endpoints · forms
申报/编辑 write a table       :func:`create_table`,       ``POST/PUT /api/v1/tables`` · editor
                             :func:`update_table`
审核 transitions              :func:`transition`          ``…/transitions`` · workflow buttons
导出 export                   :func:`export_document`     ``jixiao export`` · export links
                                                         (:func:`export_stored`)
演示 demo seeding             :func:`prepare_demo`        ``jixiao demo``
===========================  ==========================  ======================================

Layers: actions may import every library layer (readers through the store and the export
writers); no library layer imports actions, and actions import no adapter.
"""

from __future__ import annotations

from .checking import as_table, check_document, check_files, check_tables, finding_dict, finding_rows
from .demo import DemoSetup, DemoUser, prepare_demo
from .exporting import Exported, export_document, export_stored
from .importing import FileImport, import_document, import_file, import_paths
from .records import create_table, delete_table, edit_indicator, transition, update_table
from .scoring import policies, policy_of, score_document, score_table
from .stages import (
    monitoring_overview,
    record_checkpoint,
    save_selfeval,
    selfeval_from_actuals,
    selfeval_from_xlsx,
    stored_table,
)

__all__ = [
    "DemoSetup",
    "DemoUser",
    "Exported",
    "FileImport",
    "as_table",
    "check_document",
    "check_files",
    "check_tables",
    "create_table",
    "delete_table",
    "edit_indicator",
    "export_document",
    "export_stored",
    "finding_dict",
    "finding_rows",
    "import_document",
    "import_file",
    "import_paths",
    "monitoring_overview",
    "policies",
    "policy_of",
    "prepare_demo",
    "record_checkpoint",
    "save_selfeval",
    "score_document",
    "score_table",
    "selfeval_from_actuals",
    "selfeval_from_xlsx",
    "stored_table",
    "transition",
    "update_table",
]
