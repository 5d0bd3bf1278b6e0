"""The main window's areas: one entry per page, in the order of the officer's year.

``module`` is the page's module under ``tthc_desktop.ui`` (its wing and name); the shell imports it
the first time the page is shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tthc_desktop import __version__


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str
    icon: str
    purpose: str  # shown while the area is not available in this build


PAGES = (
    PageSpec("dashboard", "Tổng quan", "tracking.dashboard_page", "DashboardPage", "dashboard",
             "Việc cần làm trong kỳ báo cáo: nhiệm vụ đến hạn, quá hạn, đơn vị chưa gửi báo cáo."),
    PageSpec("year", "Cả năm", "tracking.year_page", "YearPage", "year",
             "Các hạn trong năm theo thời gian, nhiệm vụ theo trạng thái, mức hoàn thành theo đơn vị và mục."),
    PageSpec("provincial", "Kế hoạch của tỉnh", "plans.provincial_page", "ProvincialPlanPage", "provincial",
             "Các kế hoạch kiểm soát TTHC của UBND tỉnh đã nhập từ tệp Word, Excel hoặc văn bản."),
    PageSpec("department", "Kế hoạch của Sở", "plans.department_page", "DepartmentPlanPage", "department",
             "Kế hoạch của Sở xây dựng từ kế hoạch của tỉnh: giữ, bỏ, sửa nhiệm vụ, giao đơn vị, xuất văn bản."),
    PageSpec("board", "Theo dõi nhiệm vụ", "tracking.board_page", "TaskBoardPage", "board",
             "Tiến độ từng nhiệm vụ theo đơn vị và kỳ báo cáo, văn bản chứng minh, phiếu gửi đơn vị."),
    PageSpec("report", "Báo cáo định kỳ", "report.report_page", "ReportPage", "report",
             "Báo cáo quý, 6 tháng, 9 tháng, năm và các biểu II.05a, II.06a gửi Văn phòng UBND tỉnh."),
    PageSpec("catalog", "Danh mục: đơn vị, lĩnh vực", "catalog.catalog_page", "CatalogPage", "catalog",
             "Các đơn vị thuộc Sở, nhóm đơn vị và lĩnh vực giải quyết TTHC."),
    PageSpec("profile", "Thiết lập cơ quan", "catalog.profile_page", "ProfilePage", "profile",
             "Tên cơ quan, chữ viết tắt, người ký, địa chỉ thư điện tử và hạn báo cáo."),
)


def fallback_page(spec: PageSpec, reason: str = "") -> QWidget:
    """What an area shows while its module is not part of this build (or failed to load)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    title = QLabel(spec.title, objectName="placeholderTitle")
    text = QLabel(reason or f"{spec.purpose}\n\nPhần này chưa có trong phiên bản {__version__}.", wordWrap=True)
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addStretch(1)
    page.refresh = lambda: None
    return page
