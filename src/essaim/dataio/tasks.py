"""Background work of exports and imports: thin tasks that take an id and call a service."""

from django_tasks import task


@task()
def run_export(*, job_id: int) -> str:
    from .exports import run_export_job

    return run_export_job(job_id=job_id)


@task()
def run_import(*, job_id: int) -> str:
    from .imports import run_import_job

    return run_import_job(job_id=job_id)
