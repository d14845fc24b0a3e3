"""The actions (操作): every user actionone library function.

The CLI, the REST API and the web UI only parse their input, call one of these, and render
what it returns; none of them reads, checks, scores, stores or lays out on its own.  An
action takes the store and the acting user (``None``: the local command line) first, then
plain values, and returns plain data or raises a :class:`~jixiao.errors.JixiaoError`.

===========================  ==========================  ======================================
action                       function                    called by
===========================  ==========================  ======================================
导入 import files             :func:`import_file`         ``jixiao ingest --db`` (:func:`import_paths`)
                                                         · the import job's body
                                                         (:func:`run_import_job`)
导入任务 queue an import      :func:`queue_import`        ``POST /api/v1/documents`` · ``/import``
                                                         (run by :mod:`jixiao.jobs`)
检查 check                    :func:`check_document`      ``jixiao check`` (:func:`check_files`) ·
                                                         ``POST /api/v1/check`` · editor live check
                                                         (:func:`check_tables`)
计分 score                    :func:`score_table`         ``jixiao score`` (:func:`score_document`)
                                                         · ``POST /api/v1/score`` · score pages
运行监控 record a checkpoint  :func:`record_checkpoint`   ``POST /api/v1/projects/{id}/checkpoints``
                                                         · the checkpoint form ·
                                                         ``jixiao project checkpoint``
绩效自评 save a self-eval     :func:`save_selfeval`       ``PUT /api/v1/projects/{id}/selfeval`` ·
                                                         the self-evaluation forms ·
                                                         ``jixiao project selfeval``
                                                         (:func:`selfeval_of`,
                                                         :func:`selfeval_from_xlsx`)
实际值模板 actuals template  :func:`actuals_template_of`  ``GET …/actuals-template`` · the
                                                         self-evaluation page's download ·
                                                         ``jixiao project template``
申报/编辑 write a table       :func:`create_table`,       ``POST/PUT /api/v1/tables`` · editor
                             :func:`update_table`
审核 transitions              :func:`transition`          ``…/transitions`` · workflow buttons
                                                         · ``jixiao project transition``
                                                         (:func:`transition_project`)
删除/归档 delete, archive      :func:`delete_table`,       ``DELETE …`` · project page
                             :func:`archive_project`
导出 export                   :func:`export_document`     ``jixiao export`` · export links
                                                         (:func:`export_stored`,
                                                         :func:`export_project`,
                                                         :func:`export_projects`)
意见、通知、用户、单位         :mod:`.desk`                 the reviewer's desk and the admin pages
                             (:func:`comment`, …)         (see :mod:`jixiao.actions.desk`)
指标库 search the library     :func:`search_library`      ``jixiao library search`` ·
                                                         ``GET /api/v1/library`` · editor
                                                         suggestions; :func:`library_group`,
                                                         :func:`library_overview` (the pages)
重建指标库 rebuild it          :func:`rebuild_library`     ``jixiao library rebuild`` ·
                                                         ``POST /api/v1/library/rebuild``
演示 demo seeding             :func:`prepare_demo`        ``jixiao demo``
打开数据库 open the store      :func:`open_store`          ``jixiao db upgrade`` · the server
===========================  ==========================  ======================================

Layers: actions may import every library layer (readers through the store and the export
writers); no library layer imports actions, and actions import no adapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

if TYPE_CHECKING:  # the type checker sees the real names; at run time each is imported on first use
    from .checking import (
        as_table,
        check_document,
        check_files,
        check_tables,
        finding_dict,
        finding_rows,
        stored_findings,
    )
    from .database import open_store, upgrade_database
    from .demo import DemoSetup, DemoUser, prepare_demo
    from .desk import (
        add_user,
        change_own_password,
        comment,
        mark_read,
        open_notification,
        reset_password,
        save_unit,
        set_framework,
        update_user,
    )
    from .exporting import (
        Exported,
        export_document,
        export_project,
        export_projects,
        export_stored,
    )
    from .importing import (
        FileImport,
        fill_header,
        import_document,
        import_file,
        import_paths,
        light_of,
    )
    from .jobs import fail_import_job, queue_import, run_import_job
    from .library import (
        keep_library,
        library_group,
        library_overview,
        rebuild_library,
        reference_for,
        search_library,
    )
    from .records import (
        archive_project,
        create_table,
        delete_table,
        edit_indicator,
        transition,
        transition_project,
        update_table,
    )
    from .scoring import (
        policies,
        policy_of,
        score_document,
        score_table,
    )
    from .stages import (
        actuals_template_of,
        fill_lights,
        monitoring_overview,
        project_target,
        record_checkpoint,
        save_selfeval,
        scored,
        selfeval_from_actuals,
        selfeval_from_xlsx,
        selfeval_of,
        stored_table,
    )

EXPORTS: dict[str, str] = {
    "as_table": "checking",
    "check_document": "checking",
    "check_files": "checking",
    "check_tables": "checking",
    "finding_dict": "checking",
    "finding_rows": "checking",
    "stored_findings": "checking",
    "open_store": "database",
    "upgrade_database": "database",
    "DemoSetup": "demo",
    "DemoUser": "demo",
    "prepare_demo": "demo",
    "add_user": "desk",
    "change_own_password": "desk",
    "comment": "desk",
    "mark_read": "desk",
    "open_notification": "desk",
    "reset_password": "desk",
    "save_unit": "desk",
    "set_framework": "desk",
    "update_user": "desk",
    "export_document": "exporting",
    "export_project": "exporting",
    "export_projects": "exporting",
    "export_stored": "exporting",
    "Exported": "exporting",
    "FileImport": "importing",
    "fill_header": "importing",
    "import_document": "importing",
    "import_file": "importing",
    "import_paths": "importing",
    "light_of": "importing",
    "archive_project": "records",
    "create_table": "records",
    "delete_table": "records",
    "edit_indicator": "records",
    "transition": "records",
    "transition_project": "records",
    "update_table": "records",
    "fail_import_job": "jobs",
    "queue_import": "jobs",
    "run_import_job": "jobs",
    "keep_library": "library",
    "library_group": "library",
    "library_overview": "library",
    "rebuild_library": "library",
    "reference_for": "library",
    "search_library": "library",
    "policies": "scoring",
    "policy_of": "scoring",
    "score_document": "scoring",
    "score_table": "scoring",
    "actuals_template_of": "stages",
    "fill_lights": "stages",
    "monitoring_overview": "stages",
    "project_target": "stages",
    "record_checkpoint": "stages",
    "save_selfeval": "stages",
    "scored": "stages",
    "selfeval_from_actuals": "stages",
    "selfeval_from_xlsx": "stages",
    "selfeval_of": "stages",
    "stored_table": "stages",
}
__getattr__, __dir__ = lazy.exports(__name__, EXPORTS)
__all__ = [
    "actuals_template_of",
    "add_user",
    "change_own_password",
    "comment",
    "mark_read",
    "open_notification",
    "reset_password",
    "save_unit",
    "set_framework",
    "update_user",
    "archive_project",
    "export_project",
    "export_projects",
    "fill_header",
    "fill_lights",
    "light_of",
    "open_store",
    "project_target",
    "scored",
    "transition_project",
    "upgrade_database",
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
    "stored_findings",
    "fail_import_job",
    "queue_import",
    "run_import_job",
    "keep_library",
    "library_group",
    "library_overview",
    "rebuild_library",
    "reference_for",
    "search_library",
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
    "selfeval_of",
    "stored_table",
    "transition",
    "update_table",
]
