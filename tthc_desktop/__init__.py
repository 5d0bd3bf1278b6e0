"""TTHC Desktop: kế hoạch, theo dõi và báo cáo kiểm soát thủ tục hành chính cho một Sở."""

__version__ = "0.1.0"
APP_NAME = "TTHC Desktop"
