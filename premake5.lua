-- premake5.lua: Parley's project files for IDEs and Windows.
--
--   premake5 vs2022    build/vs2022/Parley.sln       (build.bat runs this, then msbuild)
--   premake5 xcode4    build/xcode4/Parley.xcworkspace
--   premake5 gmake2    build/gmake2/Makefile         (make -C build/gmake2 config=release)
--
-- One source of truth, shared with the top-level Makefile:
--   * the folder layout: shared/*.c -> parley-shared, client/core/*.c -> parley-client-core,
--     server/*.c -> parley-server, client/cli/*.c -> parley-cli, client/gui/*.c -> parley,
--     tools/NAME/*.c -> NAME. A folder without .c files gives no project (as in the Makefile).
--   * the libraries: tools/deps/libs.txt. Linux: pkg-config (its first column). macOS:
--     Homebrew (its brew column). Windows: vcpkg (its vcpkg column, mirrored by vcpkg.json);
--     the import libraries are taken from the vcpkg tree that build.bat installs.
-- Generated files go under build/<action>/, so the hand-written Makefile is never touched.
-- Check this file without premake: lua5.4 tools/premake-check/check.lua premake5.lua

if _ACTION == nil then
    return -- premake5 --help and friends
end

local ROOT = _MAIN_SCRIPT_DIR or _SCRIPT_DIR
local ACTION = _ACTION
local BUILD = path.join(ROOT, "build", ACTION)

-- ---- the layout ---------------------------------------------------------------------------

local function sources(dir) -- the same glob as the Makefile's $(wildcard dir/*.c)
    return os.matchfiles(path.join(ROOT, dir, "*.c"))
end

local function tool_dirs() -- tools/NAME folders with .c files, like the Makefile's TOOL_DIRS
    local names = {}
    for _, dir in ipairs(os.matchdirs(path.join(ROOT, "tools", "*"))) do
        local name = path.getname(dir)
        if #sources("tools/" .. name) > 0 then
            names[#names + 1] = name
        end
    end
    table.sort(names)
    return names
end

-- ---- the libraries ------------------------------------------------------------------------

local function read_libs()
    local file = path.join(ROOT, "tools", "deps", "libs.txt")
    local libs = {}
    for line in io.lines(file) do
        if not line:find("^%s*#") and line:find("%S") then
            local col = {}
            for word in line:gmatch("%S+") do
                col[#col + 1] = word
            end
            if #col < 7 then
                error(file .. ": expected 7 columns, got " .. #col .. ": " .. line)
            end
            libs[#libs + 1] = { pkgconfig = col[1], link = col[2], brew = col[6], vcpkg = col[7] }
        end
    end
    return libs
end
local LIBS = read_libs()

local function trim(s)
    return (s or ""):gsub("^%s+", ""):gsub("%s+$", "")
end

local function split(s)
    local words = {}
    for word in s:gmatch("%S+") do
        words[#words + 1] = word
    end
    return words
end

-- Linux and other pkg-config systems: the same flags the Makefile gets from pkg-config.
local function deps_pkgconfig()
    local names = {}
    for _, lib in ipairs(LIBS) do
        if lib.pkgconfig ~= "-" then
            names[#names + 1] = lib.pkgconfig
        end
    end
    local list = table.concat(names, " ")
    local cflags, c1 = os.outputof("pkg-config --cflags " .. list)
    local ldflags, c2 = os.outputof("pkg-config --libs " .. list)
    if cflags == nil or ldflags == nil or (c1 or 0) ~= 0 or (c2 or 0) ~= 0 then
        error("pkg-config could not find: " .. list .. "\n" .. trim(cflags) .. trim(ldflags) ..
            "\nRun tools/deps/setup.sh (or ./parley.sh setup) first.")
    end
    local deps = { includedirs = {}, defines = {}, buildoptions = {}, libdirs = {}, links = {},
                   linkoptions = {} }
    for _, flag in ipairs(split(trim(cflags))) do
        if flag:find("^%-I") then
            table.insert(deps.includedirs, flag:sub(3))
        elseif flag:find("^%-D") then
            table.insert(deps.defines, flag:sub(3))
        else
            table.insert(deps.buildoptions, flag)
        end
    end
    -- -l goes to links so it lands after the project's own static libraries on the link line.
    for _, flag in ipairs(split(trim(ldflags))) do
        if flag:find("^%-l") then
            table.insert(deps.links, flag:sub(3))
        elseif flag:find("^%-L") then
            table.insert(deps.libdirs, flag:sub(3))
        else
            table.insert(deps.linkoptions, flag)
        end
    end
    table.insert(deps.includedirs, "/usr/include/stb") -- libstb-dev / stb-devel / stb
    table.insert(deps.links, "m")
    table.insert(deps.links, "pthread")
    return deps
end

-- macOS: Homebrew. Every formula has its own opt/ prefix, which also covers keg-only ones.
local function deps_homebrew()
    local prefix = os.getenv("HOMEBREW_PREFIX")
    if prefix == nil then
        prefix = os.isdir("/opt/homebrew") and "/opt/homebrew" or "/usr/local"
    end
    local deps = { includedirs = { path.join(prefix, "include") }, defines = {},
                   buildoptions = {}, libdirs = { path.join(prefix, "lib") }, links = {},
                   linkoptions = {} }
    for _, lib in ipairs(LIBS) do
        if lib.brew ~= "-" then
            local opt = path.join(prefix, "opt", lib.brew)
            table.insert(deps.includedirs, path.join(opt, "include"))
            if lib.brew:find("^sdl2") then -- SDL headers are included as <SDL.h>
                table.insert(deps.includedirs, path.join(opt, "include", "SDL2"))
            end
            table.insert(deps.libdirs, path.join(opt, "lib"))
        end
        if lib.link ~= "-" then
            table.insert(deps.links, lib.link)
        end
    end
    return deps
end

-- Windows: the vcpkg tree, from manifest mode (vcpkg_installed/ next to vcpkg.json, what
-- build.bat makes) or classic mode ($VCPKG_ROOT/installed).
local TRIPLET = os.getenv("VCPKG_DEFAULT_TRIPLET") or "x64-windows"

local vcpkg_found = nil
local function vcpkg_tree()
    if vcpkg_found ~= nil then
        return vcpkg_found
    end
    local candidates = { path.join(ROOT, "vcpkg_installed", TRIPLET) }
    local vcpkg_root = os.getenv("VCPKG_ROOT")
    if vcpkg_root ~= nil and vcpkg_root ~= "" then
        candidates[#candidates + 1] = path.join(vcpkg_root, "installed", TRIPLET)
    end
    for _, dir in ipairs(candidates) do
        if os.isdir(path.join(dir, "include")) then
            vcpkg_found = dir
            return dir
        end
    end
    vcpkg_found = candidates[1]
    print("warning: no vcpkg tree for " .. TRIPLET .. " (looked in " ..
        table.concat(candidates, ", ") .. "); run 'vcpkg install --triplet " .. TRIPLET ..
        "' in " .. ROOT .. " (build.bat does) and generate again")
    return vcpkg_found
end

-- Import libraries: every .lib of the vcpkg tree, the way vcpkg's own MSBuild integration
-- auto-links, because port library names differ from the Unix link names (zlib vs z,
-- debug suffixes). Before vcpkg has run, fall back to libs.txt's link names.
local function vcpkg_links(libdir)
    local links = {}
    for _, file in ipairs(os.matchfiles(path.join(libdir, "*.lib"))) do
        links[#links + 1] = path.getbasename(file)
    end
    table.sort(links)
    if #links == 0 then
        for _, lib in ipairs(LIBS) do
            if lib.link ~= "-" then
                links[#links + 1] = lib.link
            end
        end
    end
    return links
end

local function backslashes(p)
    return (p:gsub("/", "\\"))
end

-- ---- settings every project shares --------------------------------------------------------

local WARN_GCC = { "-Wall", "-Wextra", "-Wshadow", "-Wconversion", "-Wno-sign-conversion",
                   "-Wstrict-prototypes", "-Wmissing-prototypes", "-Wvla", "-Werror" }
local MSVC_DISABLE = {
    "4996", -- "unsafe" CRT and POSIX names (strcpy, fopen, ...): the code uses them portably
    "4200", -- flexible array members are standard C99/C11
    "4204", -- non-constant aggregate initializers are standard C99/C11
    "4221", -- initialising an aggregate with the address of a local is standard C99/C11
    "4127", -- constant conditions such as do { } while (0) in macros
    "4245", -- signed/unsigned conversion, as -Wno-sign-conversion in the Makefile
}

local deps_cache = nil
local function platform_deps() -- computed once: pkg-config runs once per generation
    if deps_cache == nil then
        deps_cache = os.istarget("macosx") and deps_homebrew() or deps_pkgconfig()
    end
    return deps_cache
end

local function use_deps(deps)
    externalincludedirs(deps.includedirs)
    defines(deps.defines)
    buildoptions(deps.buildoptions)
    libdirs(deps.libdirs)
    links(deps.links)
    linkoptions(deps.linkoptions)
end

-- Called inside each program project: Parley's libraries (both into every program, as in
-- the Makefile), third-party and system libraries, platform setup.
local function link_program(is_client)
    if #sources("client/core") > 0 then
        links { "parley-client-core" }
    end
    if #sources("shared") > 0 then
        links { "parley-shared" }
    end

    if os.istarget("windows") then
        local tree = vcpkg_tree()
        filter { "configurations:Debug" }
            libdirs { path.join(tree, "debug", "lib") }
            links(vcpkg_links(path.join(tree, "debug", "lib")))
            postbuildcommands { 'if exist "' .. backslashes(path.join(tree, "debug", "bin")) ..
                '\\*.dll" copy /B /Y "' .. backslashes(path.join(tree, "debug", "bin")) ..
                '\\*.dll" "$(OutDir)" >nul' }
        filter { "configurations:Release" }
            libdirs { path.join(tree, "lib") }
            links(vcpkg_links(path.join(tree, "lib")))
            postbuildcommands { 'if exist "' .. backslashes(path.join(tree, "bin")) ..
                '\\*.dll" copy /B /Y "' .. backslashes(path.join(tree, "bin")) ..
                '\\*.dll" "$(OutDir)" >nul' }
        filter {}
        links { "ws2_32", "iphlpapi" }
    elseif os.istarget("macosx") then
        use_deps(platform_deps())
        if is_client then -- window, audio and camera capture
            links { "Cocoa.framework", "AVFoundation.framework", "CoreMedia.framework",
                    "CoreVideo.framework", "CoreAudio.framework", "AudioToolbox.framework" }
        end
    else
        use_deps(platform_deps())
    end
end

-- ---- the workspace ------------------------------------------------------------------------

workspace "Parley"
    location(BUILD)
    configurations { "Debug", "Release" }
    language "C"
    cdialect "C11"
    warnings "Extra"
    externalwarnings "Off"
    includedirs { path.join(ROOT, "shared"), path.join(ROOT, "client", "core"),
                  path.join(ROOT, "server") }
    targetdir(path.join(BUILD, "bin", "%{cfg.buildcfg}"))
    objdir(path.join(BUILD, "obj"))
    debugdir(ROOT)

    filter { "configurations:Debug" }
        defines { "PARLEY_DEBUG" }
        symbols "On"
        optimize "Off"
        runtime "Debug"
    filter { "configurations:Release" }
        defines { "NDEBUG" }
        symbols "On"
        optimize "Speed"
        runtime "Release"
    filter {}

    if os.istarget("windows") then
        platforms { "x64" }
        architecture "x86_64"
        staticruntime "Off" -- vcpkg's x64-windows libraries use the DLL C runtime
        systemversion "latest"
        characterset "ASCII" -- no UNICODE macro: platform code calls the ...W functions by name
        -- Programs keep a plain main(); SDL must not rename it to SDL_main.
        defines { "SDL_MAIN_HANDLED", "WIN32_LEAN_AND_MEAN", "NOMINMAX",
                  "_CRT_SECURE_NO_WARNINGS", "_WINSOCK_DEPRECATED_NO_WARNINGS" }
        local tree = vcpkg_tree()
        externalincludedirs { path.join(tree, "include"), path.join(tree, "include", "SDL2") }
        filter { "toolset:msc*" }
            -- /W4 comes from warnings "Extra"; /WX and /MP are spelled out because premake's
            -- own switches for them changed names between 5.0 betas.
            buildoptions { "/utf-8", "/WX", "/MP" }
            disablewarnings(MSVC_DISABLE)
        filter {}
    else
        defines { "_DEFAULT_SOURCE" }
        buildoptions(WARN_GCC)
    end

-- ---- the projects -------------------------------------------------------------------------

local function project_files(dir)
    files { path.join(ROOT, dir, "*.c"), path.join(ROOT, dir, "*.h") }
end

group "libraries"
if #sources("shared") > 0 then
    project "parley-shared"
        kind "StaticLib"
        project_files("shared")
end
if #sources("client/core") > 0 then
    project "parley-client-core"
        kind "StaticLib"
        project_files("client/core")
end

group "programs"
local start = nil
if #sources("server") > 0 then
    project "parley-server"
        kind "ConsoleApp"
        project_files("server")
        link_program(false)
    start = "parley-server"
end
if #sources("client/cli") > 0 then
    project "parley-cli"
        kind "ConsoleApp"
        project_files("client/cli")
        link_program(true)
    start = "parley-cli"
end
if #sources("client/gui") > 0 then
    project "parley"
        kind "WindowedApp"
        project_files("client/gui")
        link_program(true)
        filter { "system:windows" }
            entrypoint "mainCRTStartup" -- a windowed program with the usual main()
        filter {}
    start = "parley"
end

group "tools"
for _, name in ipairs(tool_dirs()) do
    project(name)
        kind "ConsoleApp"
        project_files("tools/" .. name)
        link_program(true)
end
group ""

if start ~= nil then
    workspace "Parley"
        startproject(start)
end
