; Inno Setup 6 script for TTHC Desktop. Build on Windows after PyInstaller:
;   pyinstaller --noconfirm build_installer.spec
;   iscc /DAppVersion=0.1.0 installer\tthc.iss
; AppVersion defaults to the version stamped into tthc-desktop.exe by the spec.
; The user's data (%LOCALAPPDATA%\TTHC\TTHC Desktop: database, backups, logs, evidence) is never
; touched by an upgrade or an uninstall unless the user ticks the box shown by the uninstaller.

#define AppName "TTHC Desktop"
#define AppExe "tthc-desktop.exe"
; The PyInstaller output, relative to this script (installer\ -> ..\dist\TTHC Desktop).
#define BundleDir AddBackslash(SourcePath) + "..\dist\TTHC Desktop"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BundleDir + "\" + AppExe)
#endif

[Setup]
AppId={{7C1F4B2E-5A3D-4E8B-9F61-2D0C8A9B7E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=TTHC Desktop
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per user (no administrator needed) by default; the dialog offers "all users" when allowed.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=TTHC-Desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\tthc.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
; Vietnamese.isl is an unofficial Inno Setup translation: used when it is installed with Inno Setup or
; placed beside this script; the wizard falls back to English otherwise. Our own texts below are Vietnamese.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#elif FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "Vietnamese.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
DesktopIconTask=Tạo lối tắt trên màn hình nền
RemoveDataTitle=Dữ liệu của chương trình
KeepDataNote=Gỡ cài đặt chỉ xóa chương trình. Cơ sở dữ liệu, các bản sao lưu, tài liệu minh chứng và nhật ký trong thư mục %1 được GIỮ LẠI, trừ khi anh/chị đánh dấu ô dưới đây.
RemoveDataBox=Xóa luôn toàn bộ dữ liệu (không thể hoàn tác)
ContinueButton=Tiếp tục
CancelButton=Hủy
LaunchProgram=Mở TTHC Desktop

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIconTask}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; Program files only: the data directory lives elsewhere and is never part of [Files].
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself writes inside its install folder (Python caches); never user data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
{ The data folder of appdirs.user_data_dir("TTHC Desktop", "TTHC"): %LOCALAPPDATA%\TTHC\TTHC Desktop.
  The uninstaller shows an UNTICKED box; the data is deleted only when the user ticks it.
  A silent uninstall never deletes it. }
var
  RemoveData: Boolean;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\TTHC\TTHC Desktop');
end;

function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  RemoveData := False;
  if UninstallSilent or (not DirExists(DataDir())) then
    Exit;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(460);
    Form.ClientHeight := ScaleY(180);
    Form.Caption := CustomMessage('RemoveDataTitle');

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.Left := ScaleX(12);
    Note.Top := ScaleY(12);
    Note.Width := Form.ClientWidth - ScaleX(24);
    Note.Height := ScaleY(70);
    Note.Caption := FmtMessage(CustomMessage('KeepDataNote'), [DataDir()]);

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(12);
    Box.Top := ScaleY(92);
    Box.Width := Form.ClientWidth - ScaleX(24);
    Box.Height := ScaleY(20);
    Box.Caption := CustomMessage('RemoveDataBox');
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(100);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(224);
    OkButton.Top := Form.ClientHeight - ScaleY(40);
    OkButton.Caption := CustomMessage('ContinueButton');
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Width := ScaleX(100);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(112);
    CancelButton.Top := Form.ClientHeight - ScaleY(40);
    CancelButton.Caption := CustomMessage('CancelButton');
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    if Form.ShowModal() = mrOk then
      RemoveData := Box.Checked
    else
      Result := False;  { the user cancelled: nothing is uninstalled }
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveData and DirExists(DataDir()) then
    DelTree(DataDir(), True, True, True);
end;
