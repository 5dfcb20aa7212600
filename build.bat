@echo off
rem Parley's Windows build: MSVC (Visual Studio 2022) + vcpkg + premake5.
rem
rem   build.bat [release|debug]        (default: release)
rem
rem   1. vcpkg install   - the libraries in vcpkg.json (the vcpkg column of tools\deps\libs.txt)
rem                        for the x64-windows triplet, into vcpkg_installed\ (manifest mode)
rem   2. premake5 vs2022 - build\vs2022\Parley.sln from premake5.lua
rem   3. msbuild         - programs land in build\vs2022\bin\Release (or Debug), with the
rem                        vcpkg DLLs copied next to them
rem
rem Needs: Visual Studio 2022 (or its Build Tools) with "Desktop development with C++";
rem vcpkg (VCPKG_ROOT set, or vcpkg.exe on PATH: the VS 2022 Developer prompt has one);
rem premake5.exe on PATH (https://premake.github.io/download). See docs\BUILDING.md.
setlocal EnableExtensions
cd /d "%~dp0"

set "CONFIG=Release"
if /i "%~1"=="debug" set "CONFIG=Debug"
if /i "%~1"=="release" set "CONFIG=Release"
if not "%~1"=="" if /i not "%~1"=="debug" if /i not "%~1"=="release" (
    echo build.bat: unknown argument "%~1"; use release or debug 1>&2
    exit /b 2
)
if not defined VCPKG_DEFAULT_TRIPLET set "VCPKG_DEFAULT_TRIPLET=x64-windows"

rem ---- 1. dependencies through vcpkg -----------------------------------------------------
set "VCPKG="
if defined VCPKG_ROOT if exist "%VCPKG_ROOT%\vcpkg.exe" set "VCPKG=%VCPKG_ROOT%\vcpkg.exe"
if not defined VCPKG for /f "delims=" %%i in ('where vcpkg 2^>nul') do if not defined VCPKG set "VCPKG=%%i"
if not defined VCPKG (
    echo build.bat: vcpkg not found. Install it and set VCPKG_ROOT: 1>&2
    echo     git clone https://github.com/microsoft/vcpkg C:\vcpkg 1>&2
    echo     C:\vcpkg\bootstrap-vcpkg.bat 1>&2
    echo     setx VCPKG_ROOT C:\vcpkg 1>&2
    echo or run this from a "Developer Command Prompt for VS 2022", which has vcpkg. 1>&2
    exit /b 1
)
echo build.bat: vcpkg install --triplet %VCPKG_DEFAULT_TRIPLET% (using %VCPKG%)
"%VCPKG%" install --triplet %VCPKG_DEFAULT_TRIPLET%
if errorlevel 1 (
    echo build.bat: vcpkg install failed; see its output above 1>&2
    exit /b 1
)

rem ---- 2. project files through premake5 -------------------------------------------------
set "PREMAKE="
for /f "delims=" %%i in ('where premake5 2^>nul') do if not defined PREMAKE set "PREMAKE=%%i"
if not defined PREMAKE if exist "%~dp0tools\premake5.exe" set "PREMAKE=%~dp0tools\premake5.exe"
if not defined PREMAKE (
    echo build.bat: premake5 not found. Download premake5.exe from 1>&2
    echo     https://premake.github.io/download 1>&2
    echo and put it on PATH ^(or in tools\premake5.exe^). 1>&2
    exit /b 1
)
"%PREMAKE%" vs2022
if errorlevel 1 (
    echo build.bat: premake5 vs2022 failed; see its output above 1>&2
    exit /b 1
)

rem ---- 3. build through msbuild ----------------------------------------------------------
set "MSBUILD="
for /f "delims=" %%i in ('where msbuild 2^>nul') do if not defined MSBUILD set "MSBUILD=%%i"
set "VSWHERE=%ProgramFiles(x86)%\Microsoft Visual Studio\Installer\vswhere.exe"
if not defined MSBUILD if exist "%VSWHERE%" (
    for /f "usebackq delims=" %%i in (`"%VSWHERE%" -latest -products * -requires Microsoft.Component.MSBuild -find MSBuild\**\Bin\MSBuild.exe`) do if not defined MSBUILD set "MSBUILD=%%i"
)
if not defined MSBUILD (
    echo build.bat: MSBuild not found. Install Visual Studio 2022 or its Build Tools with 1>&2
    echo "Desktop development with C++", or run this from a Developer Command Prompt. 1>&2
    exit /b 1
)
"%MSBUILD%" build\vs2022\Parley.sln /m /nologo /v:minimal /p:Configuration=%CONFIG% /p:Platform=x64
if errorlevel 1 (
    echo build.bat: the build failed; see the compiler output above 1>&2
    exit /b 1
)
echo build.bat: done; programs are in build\vs2022\bin\%CONFIG%
endlocal
