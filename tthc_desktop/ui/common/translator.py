"""Vietnamese for the strings Qt itself draws (standard buttons, text-field menus, file dialogs).

PySide6-Essentials ships no Vietnamese translation of Qt, so without this an officer would see
"Cancel" and "&Yes" in every message box. Keys are Qt's own source texts, by context.
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator

_ANY = {
    "OK": "Đồng ý", "&OK": "&Đồng ý", "Cancel": "Hủy", "&Cancel": "&Hủy", "Yes": "Có", "&Yes": "&Có",
    "No": "Không", "&No": "&Không", "Yes to &All": "Có với &tất cả", "N&o to All": "K&hông với tất cả",
    "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Open": "&Mở", "Close": "Đóng",
    "&Close": "Đó&ng", "Apply": "Áp dụng", "Reset": "Đặt lại", "Help": "Trợ giúp", "Discard": "Bỏ qua",
    "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu", "Abort": "Dừng", "Retry": "Thử lại",
    "Ignore": "Bỏ qua", "Restore Defaults": "Khôi phục mặc định", "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…", "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép", "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết", "&Choose": "&Chọn", "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:", "Files of type:": "Kiểu tệp:", "Directory:": "Thư mục:", "Back": "Lùi",
    "Forward": "Tiến", "Parent Directory": "Thư mục cha", "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới", "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
    "Name": "Tên", "Size": "Kích thước", "Type": "Kiểu", "Date Modified": "Ngày sửa",
    "My Computer": "Máy tính", "Computer": "Máy tính", "All Files (*)": "Mọi tệp (*)",
    "&Rename": "Đổi &tên", "&Delete": "&Xóa", "Show &hidden files": "Hiện tệp ẩn",
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt API
        return _ANY.get(source_text)  # None means "not translated": Qt keeps its own text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def install(app) -> VietnameseQtTranslator:
    translator = VietnameseQtTranslator(app)
    app.installTranslator(translator)
    return translator
