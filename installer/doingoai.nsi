; Sổ Đối ngoại — Windows installer (NSIS 3, Unicode).
;
; Per-user install, no administrator rights:
;   program   %LOCALAPPDATA%\Programs\SoDoiNgoai
;   shortcut  Start menu > "Sổ Đối ngoại"
;   data      %LOCALAPPDATA%\doingoai  (made by the app; the uninstaller never touches it)
;
; Build on Windows after installer\build.sh (or the PyInstaller command in installer\README.md)
; has produced installer\dist\doingoai\:
;   makensis /DVERSION=0.1.0 installer\doingoai.nsi
; Output: installer\dist\SoDoiNgoai-Setup-<VERSION>.exe
;
; This file is UTF-8 with a byte-order mark: keep the BOM, or makensis reads it in the
; system code page and the Vietnamese names break.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define APP_ID        "doingoai"
!define APP_NAME      "Sổ Đối ngoại"
!define APP_EXE       "doingoai.exe"
!define INSTALL_DIR   "SoDoiNgoai"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define SETTINGS_KEY  "Software\${APP_ID}"
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
; The PyInstaller one-folder output, relative to this file.
!ifndef DIST_DIR
  !define DIST_DIR "dist\doingoai"
!endif

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION}"
BrandingText "${APP_NAME} ${VERSION}"
OutFile "dist\SoDoiNgoai-Setup-${VERSION}.exe"
InstallDir "$LOCALAPPDATA\Programs\${INSTALL_DIR}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} — trình cài đặt"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!if /FileExists "..\resources\icons\doingoai.ico"
  !define MUI_ICON   "..\resources\icons\doingoai.ico"
  !define MUI_UNICON "..\resources\icons\doingoai.ico"
!endif

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; Windows in English gets English pages.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString DataKept ${LANG_VIETNAMESE} "Dữ liệu của bạn vẫn được giữ nguyên tại $LOCALAPPDATA\${APP_ID}."
LangString DataKept ${LANG_ENGLISH}    "Your data is kept in $LOCALAPPDATA\${APP_ID}."
LangString AppRunning ${LANG_VIETNAMESE} "Hãy đóng ${APP_NAME} rồi bấm Thử lại."
LangString AppRunning ${LANG_ENGLISH}    "Close ${APP_NAME}, then click Retry."

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"

  ; An upgrade replaces the whole program; files of an older version must not linger.
  retry_exe:
  ClearErrors
  Delete "$INSTDIR\${APP_EXE}"
  IfErrors 0 +3
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" IDRETRY retry_exe
    Abort
  RMDir /r "$INSTDIR\_internal"

  File /r "${DIST_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Removes only what the installer put there. The data folder ($LOCALAPPDATA\doingoai:
; database, keys, attachments, backups) is left alone, and so is anything else a user
; saved inside the program folder.
Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"

  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"

  DetailPrint "$(DataKept)"
SectionEnd
