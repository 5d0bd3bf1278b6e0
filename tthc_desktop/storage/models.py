"""The database: one SQLite file (or one PostgreSQL database, server mode) holding an office's year of work.

Every table the product needs exists from the first schema version, so later work adds
behaviour, not tables. Business settings (profile, units, fields, rules) live here so
they travel with backups; only window state goes into QSettings.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from tthc_desktop.storage.who import login_of_statement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic locking (issue 17): every UPDATE checks and bumps ``version``; a stale one changes no row
    and SQLAlchemy raises StaleDataError, which services turn into an EditConflictError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class Attributed(Versioned):
    """Rows whose last writer is named in a conflict message: the OS user, or the server login."""

    updated_by: Mapped[str] = mapped_column(String(120), nullable=False, default=login_of_statement,
                                            onupdate=login_of_statement, server_default="")


class AgencyProfile(Attributed, Base):
    """The department using the program (one row)."""

    __tablename__ = "agency_profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_body: Mapped[str] = mapped_column(String(200), default="")  # "UBND tỉnh Quảng Ngãi"
    name: Mapped[str] = mapped_column(String(200), default="")  # "Sở Nông nghiệp và Phát triển nông thôn"
    short_name: Mapped[str] = mapped_column(String(100), default="")  # "Sở NN&PTNT"
    short_code: Mapped[str] = mapped_column(String(40), default="")  # "SNNPTNT" in "12/KH-SNNPTNT"
    place_name: Mapped[str] = mapped_column(String(100), default="")  # "Quảng Ngãi"
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(120), default="GIÁM ĐỐC")
    signer_prefix: Mapped[str] = mapped_column(String(20), default="")  # "", "KT." …
    signer_deputy_title: Mapped[str] = mapped_column(String(120), default="")  # "PHÓ GIÁM ĐỐC" under KT.
    office_email: Mapped[str] = mapped_column(String(200), default="")
    province_email: Mapped[str] = mapped_column(String(200), default="")
    province_office: Mapped[str] = mapped_column(String(200), default="Văn phòng UBND tỉnh")
    report_deadline_day: Mapped[int] = mapped_column(Integer, default=18)
    unit_deadline_day: Mapped[int] = mapped_column(Integer, default=16)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), onupdate=func.now())


unit_group_members = Table(
    "unit_group_members",
    Base.metadata,
    Column("group_id", ForeignKey("unit_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)

unit_fields = Table(
    "unit_fields",
    Base.metadata,
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("field_id", ForeignKey("fields.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(Versioned, Base):
    """An internal unit of the department (Văn phòng Sở, Chi cục Kiểm lâm …)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    handles_dossiers: Mapped[bool] = mapped_column(Boolean, default=False)  # receives, resolves TTHC; II.05a/II.06a
    specialised: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # phòng chuyên môn
    drafts_legal: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # drafts legal documents
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    groups: Mapped[list["UnitGroup"]] = relationship(secondary=unit_group_members, back_populates="units")
    fields: Mapped[list["Field"]] = relationship(secondary=unit_fields)


class UnitGroup(Versioned, Base):
    """A collective name used in plans: "Các phòng, cơ quan, đơn vị thuộc Sở có liên quan"."""

    __tablename__ = "unit_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    units: Mapped[list[Unit]] = relationship(secondary=unit_group_members, back_populates="groups")


class Field(Versioned, Base):
    """A lĩnh vực (rows of forms II.05a / II.06a)."""

    __tablename__ = "fields"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(40), default="")  # optional cấp heading (tỉnh/huyện/xã)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Plan(Attributed, Base):
    """A provincial plan as imported, or the department's own plan."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "provincial" | "department"
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[str] = mapped_column(String(60), default="")  # "124/QĐ-UBND"; blank = for registration
    doc_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    source_file_name: Mapped[str] = mapped_column(String(400), default="")
    source_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    source_format: Mapped[str] = mapped_column(String(10), default="")
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | issued
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)  # the department plan being tracked
    text_blocks: Mapped[dict] = mapped_column(JSON, default=dict)  # Mục đích, Yêu cầu, Tổ chức thực hiện, Nơi nhận …
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())
    sections: Mapped[list["PlanSection"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanSection.position"
    )
    tasks: Mapped[list["Task"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Task.position", overlaps="section,tasks"
    )


class PlanSection(Versioned, Base):
    __tablename__ = "plan_sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))  # "I", "II" …
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    report_part: Mapped[str] = mapped_column(String(10), default="")  # which narrative part it feeds ("I.3")
    plan: Mapped[Plan] = relationship(back_populates="sections")
    tasks: Mapped[list["Task"]] = relationship(back_populates="section", order_by="Task.position", overlaps="plan,tasks")


class Task(Attributed, Base):
    """A task of a plan; a)/b) sub-rows are tasks with ``parent_number``."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    parent_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    content: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[list] = mapped_column(JSON, default=list)
    responsible_text: Mapped[str] = mapped_column(Text, default="")  # as written in the source
    lead_agencies: Mapped[list] = mapped_column(JSON, default=list)
    coordinate_agencies: Mapped[list] = mapped_column(JSON, default=list)
    time_text: Mapped[str] = mapped_column(Text, default="")
    schedule_kind: Mapped[str] = mapped_column(String(20), default="unspecified")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # Every due date when the plan names several («Quý II và Quý IV»), ISO; due_date is the first. Empty: one.
    dues: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    every: Mapped[str | None] = mapped_column(String(20), nullable=True)
    notes: Mapped[dict] = mapped_column(JSON, default=dict)
    # Department plans: the proposal behind the task.
    source_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), nullable=True)
    decision: Mapped[str] = mapped_column(String(10), default="")  # keep | drop | ""
    reason: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(12), default="")  # lead | coordinate
    is_own: Mapped[bool] = mapped_column(Boolean, default=False)  # the department's own task
    programmes: Mapped[list] = mapped_column(JSON, default=list)  # ["Nghị quyết 131/NQ-CP", …]
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded text for accent-insensitive search
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), onupdate=func.now())
    plan: Mapped[Plan] = relationship(back_populates="tasks", overlaps="section,tasks")
    section: Mapped[PlanSection | None] = relationship(back_populates="tasks", overlaps="plan,tasks")
    source_task: Mapped["Task | None"] = relationship(remote_side="Task.id")
    units: Mapped[list["TaskUnit"]] = relationship(back_populates="task", cascade="all, delete-orphan")
    progress: Mapped[list["ProgressEntry"]] = relationship(back_populates="task", cascade="all, delete-orphan")
    evidence: Mapped[list["EvidenceDocument"]] = relationship(back_populates="task", cascade="all, delete-orphan")


class TaskUnit(Base):
    """An internal unit resolved for a task, as lead or coordinator."""

    __tablename__ = "task_units"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)  # lead | coordinate
    phrase: Mapped[str] = mapped_column(Text, default="", server_default="")  # the plan's words it came from
    task: Mapped[Task] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class TaskUnitChoice(Base):
    """The officer's tick (or untick) of one unit in one role on a task, kept over re-resolving the plan."""

    __tablename__ = "task_unit_choices"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    ticked: Mapped[bool] = mapped_column(Boolean, default=True)


PROGRESS_STATUSES = ("not_started", "in_progress", "done", "done_late", "not_done")


class ProgressEntry(Attributed, Base):
    """What was done on a task in a reporting period (by the office, or returned by a unit)."""

    __tablename__ = "progress_entries"
    __table_args__ = (
        UniqueConstraint("task_id", "period", "unit_id", name="uq_progress_task_period_unit"),
        # NULL units never collide under the constraint above: the office's own entry needs its own index.
        Index("uq_progress_office_entry", "task_id", "period", unique=True, sqlite_where=text("unit_id IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8), index=True)  # "2024Q1"
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    result_text: Mapped[str] = mapped_column(Text, default="")
    documents_text: Mapped[str] = mapped_column(Text, default="")  # "văn bản đã ban hành" as a unit wrote it
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    not_done_reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")  # manual | unit_sheet | cli
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), onupdate=func.now())
    task: Mapped[Task] = relationship(back_populates="progress")
    unit: Mapped[Unit | None] = relationship()


class EvidenceDocument(Versioned, Base):
    """A document that proves work on a task (số/ký hiệu, ngày, cơ quan ban hành, trích yếu, file)."""

    __tablename__ = "evidence_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8), default="")
    number_symbol: Mapped[str] = mapped_column(String(100), default="")
    doc_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    issuer: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    file_path: Mapped[str] = mapped_column(String(500), default="")  # relative to the evidence folder
    original_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())
    task: Mapped[Task] = relationship(back_populates="evidence")


class FormFigure(Attributed, Base):
    """One row of a form (II.05a / II.06a) for one unit, one lĩnh vực, one period."""

    __tablename__ = "form_figures"
    __table_args__ = (UniqueConstraint("form_code", "period", "unit_id", "field_id", name="uq_form_figure_cell"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    form_code: Mapped[str] = mapped_column(String(40))  # "II.06a"
    period: Mapped[str] = mapped_column(String(8), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), nullable=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id", ondelete="CASCADE"))
    values: Mapped[dict] = mapped_column(JSON, default=dict)  # {"3": 120, "4": 30, …} by column number
    explanation: Mapped[str] = mapped_column(Text, default="")  # why a warning identity does not hold
    source: Mapped[str] = mapped_column(String(200), default="")  # typed | file name
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), onupdate=func.now())
    unit: Mapped[Unit | None] = relationship()
    field: Mapped[Field] = relationship()


class OverdueReason(Versioned, Base):
    """Why dossiers were late in a period (feeds the narrative and apology-letter counts)."""

    __tablename__ = "overdue_reasons"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), nullable=True)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields.id", ondelete="CASCADE"), nullable=True)
    dossier_count: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    apology_letters: Mapped[int] = mapped_column(Integer, default=0)


class ReportDraft(Attributed, Base):
    """The officer's edits to one part of the narrative report of a period."""

    __tablename__ = "report_drafts"
    __table_args__ = (UniqueConstraint("period", "part_key", name="uq_report_draft_part"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8))
    part_key: Mapped[str] = mapped_column(String(40))  # "I.1", "II", "header.number" …
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), onupdate=func.now())


class Rule(Versioned, Base):
    """Rule tables as data: who is "the department", other agencies, internal work, rewording."""

    __tablename__ = "rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    table: Mapped[str] = mapped_column(String(40), index=True)  # department_alias | other_agency | internal_work | rewording
    pattern: Mapped[str] = mapped_column(Text)
    replacement: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ColumnMapping(Versioned, Base):
    """A saved column mapping for statistics exported by a one-stop system."""

    __tablename__ = "column_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    form_code: Mapped[str] = mapped_column(String(40))
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)


class Setting(Versioned, Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict | list | str | int | None] = mapped_column(JSON, nullable=True)


class ActivityLog(Base):
    __tablename__ = "activity_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")


class OutputFile(Base):
    """A file the program wrote (report, form, plan, unit sheet, e-mail draft) and its hash at that moment.

    A later build compares the file on disk with ``sha256``: if the officer edited it since, it is kept
    and the next version (``…-ban-2.docx``) is written instead."""

    __tablename__ = "output_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), index=True)  # absolute
    kind: Mapped[str] = mapped_column(String(30), default="")  # report | form | plan | unit_sheet | email
    period: Mapped[str] = mapped_column(String(8), default="", index=True)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    written_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())


class PlanDecision(Base):
    """What the department decided about one provincial task (or its own task) when saving its plan.

    Dropped tasks live only here (``payload`` holds the proposal, so they can be brought back);
    kept ones point at the tracked task."""

    __tablename__ = "plan_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the proposal
    source_section: Mapped[str] = mapped_column(String(10), default="")
    source_number: Mapped[str] = mapped_column(String(20), default="")
    source_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), nullable=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), nullable=True)
    decision: Mapped[str] = mapped_column(String(10), default="keep")  # keep | drop
    reason: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(12), default="")
    proposed_decision: Mapped[str] = mapped_column(String(10), default="")  # what the program proposed
    proposed_reason: Mapped[str] = mapped_column(Text, default="")
    proposed_role: Mapped[str] = mapped_column(String(12), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class TaskRemoval(Base):
    """A tracked task taken out of its plan («Không thực hiện») with its entries kept, so it can be restored."""

    __tablename__ = "task_removals"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("plan_sections.id", ondelete="SET NULL"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    removed_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())


class Operation(Base):
    """One change to the data, as the history shows it; ``changes`` holds the rows before and after, for undo."""

    __tablename__ = "operations"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=func.now(), index=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[list] = mapped_column(JSON, default=list)  # [{"table", "key", "before", "after"}]
    files: Mapped[list] = mapped_column(JSON, default=list)  # evidence files kept for this operation's undo
    undone_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
