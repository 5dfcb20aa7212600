-- Checks premake5.lua where premake5 is not installed (Debian ships only premake4).
--
--   lua5.4 tools/premake-check/check.lua premake5.lua [ACTION...]
--
-- Runs the script once per action (default: vs2022, xcode4, gmake2) against a stub of the
-- premake5 API that records every call and checks it: unknown functions or globals, value
-- types, enumerated values (kind, cdialect, ...), filter syntax, scope (no project outside
-- a workspace), links to sibling projects, startproject. Then it compares the projects
-- with the folder layout the Makefile builds from (shared/*.c, client/core/*.c, server/*.c,
-- client/cli/*.c, client/gui/*.c, tools/NAME/*.c) and vcpkg.json with libs.txt's vcpkg
-- column. Prints what each project globs; exits 1 on any error.
-- It checks structure, not generator output: run premake5 itself where it exists.

local script = arg[1] or "premake5.lua"
local actions = {}
for i = 2, #arg do
    actions[#actions + 1] = arg[i]
end
if #actions == 0 then
    actions = { "vs2022", "xcode4", "gmake2" }
end
local ACTION_OS = { vs2022 = "windows", vs2019 = "windows", xcode4 = "macosx",
                    gmake2 = "linux", gmake = "linux" }

local errors, warnings = 0, 0
local function err(msg)
    errors = errors + 1
    io.stderr:write("error: " .. msg .. "\n")
end
local function warn(msg)
    warnings = warnings + 1
    io.stderr:write("warning: " .. msg .. "\n")
end

-- ---- small host helpers ---------------------------------------------------------------

local function shell_quote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end
local function run(cmd) -- output, exit code
    local pipe = io.popen(cmd)
    local out = pipe:read("a")
    local _, _, code = pipe:close()
    return out, code or 0
end
local function abspath(p)
    local out, code = run("cd " .. shell_quote(p) .. " 2>/dev/null && pwd")
    if code ~= 0 then
        return nil
    end
    return (out:gsub("%s+$", ""))
end
local function dirname(p)
    return p:match("^(.*)/[^/]*$") or "."
end

local script_dir = abspath(dirname(script))
if script_dir == nil then
    io.stderr:write("check.lua: cannot find " .. script .. "\n")
    os.exit(2)
end
local function rel(p) -- a path relative to the script's folder, for printing
    if p:sub(1, #script_dir + 1) == script_dir .. "/" then
        return p:sub(#script_dir + 2)
    end
    return p
end

-- ---- the path and os parts of premake's library ----------------------------------------

local path = {}
function path.join(...)
    local out = nil
    for _, part in ipairs({ ... }) do
        if type(part) ~= "string" then
            error("path.join: expected strings, got " .. type(part), 2)
        end
        if part ~= "" then
            if out == nil or part:sub(1, 1) == "/" or part:match("^%a:[/\\]") then
                out = part
            elseif part:sub(1, 2) == "%{" or part:sub(1, 1) == "$" then
                out = out .. "/" .. part
            else
                out = (out:gsub("/+$", "")) .. "/" .. part
            end
        end
    end
    return out or ""
end
function path.getname(p)
    return p:match("([^/\\]*)$")
end
function path.getbasename(p)
    return (path.getname(p):gsub("%.[^.]*$", ""))
end
function path.getextension(p)
    return path.getname(p):match("(%.[^.]*)$") or ""
end
function path.getdirectory(p)
    return p:match("^(.*)[/\\][^/\\]*$") or "."
end
function path.isabsolute(p)
    return p:sub(1, 1) == "/" or p:match("^%a:[/\\]") ~= nil or p:sub(1, 1) == "$"
end
function path.getabsolute(p)
    if path.isabsolute(p) then
        return p
    end
    return path.join(script_dir, p)
end
function path.translate(p, sep)
    return (p:gsub("[/\\]", sep or "\\"))
end

local function glob_to_pattern(glob)
    local out = { "^" }
    local i = 1
    while i <= #glob do
        local c = glob:sub(i, i)
        if glob:sub(i, i + 1) == "**" then
            out[#out + 1] = ".*"
            i = i + 2
        elseif c == "*" then
            out[#out + 1] = "[^/]*"
            i = i + 1
        elseif c == "?" then
            out[#out + 1] = "[^/]"
            i = i + 1
        elseif c:match("[%^%$%(%)%%%.%[%]%+%-]") then
            out[#out + 1] = "%" .. c
            i = i + 1
        else
            out[#out + 1] = c
            i = i + 1
        end
    end
    out[#out + 1] = "$"
    return table.concat(out)
end
local function match(pattern, type_flag) -- premake's os.matchfiles / os.matchdirs
    local abs = path.getabsolute(pattern)
    local base = abs:match("^([^*?]*)/") or "."
    local recursive = abs:find("**", 1, true) ~= nil
    local depth = recursive and "" or (" -maxdepth " .. select(2, abs:sub(#base + 1):gsub("/", "/")))
    local out = run("find " .. shell_quote(base) .. " -mindepth 1" .. depth .. " -type " ..
        type_flag .. " 2>/dev/null | LC_ALL=C sort")
    local lua_pattern = glob_to_pattern(abs)
    local results = {}
    for line in out:gmatch("[^\n]+") do
        if line:match(lua_pattern) then
            results[#results + 1] = path.isabsolute(pattern) and line or rel(line)
        end
    end
    return results
end

local function make_os(target)
    local stub = {}
    function stub.matchfiles(...)
        local all = {}
        for _, p in ipairs({ ... }) do
            for _, f in ipairs(match(p, "f")) do
                all[#all + 1] = f
            end
        end
        return all
    end
    function stub.matchdirs(p)
        return match(p, "d")
    end
    function stub.isdir(p)
        return os.execute("test -d " .. shell_quote(path.getabsolute(p))) == true
    end
    function stub.isfile(p)
        return os.execute("test -f " .. shell_quote(path.getabsolute(p))) == true
    end
    function stub.outputof(cmd)
        local out, code = run(cmd)
        return (out:gsub("%s+$", "")), code
    end
    function stub.target()
        return target
    end
    function stub.istarget(name)
        return type(name) == "string" and name:lower() == target
    end
    function stub.host()
        return "linux"
    end
    stub.ishost = function(name)
        return name == "linux"
    end
    stub.getenv, stub.time, stub.date, stub.clock = os.getenv, os.time, os.date, os.clock
    return stub
end

-- ---- the recording stub of the premake5 API ---------------------------------------------

local ENUMS = {
    kind = { "ConsoleApp", "WindowedApp", "StaticLib", "SharedLib", "Utility", "None",
             "Makefile" },
    language = { "C", "C++", "C#" },
    cdialect = { "Default", "C89", "C90", "C99", "C11", "C17", "gnu89", "gnu90", "gnu99",
                 "gnu11", "gnu17" },
    warnings = { "Off", "Default", "Extra", "High", "Everything" },
    externalwarnings = { "Off", "Default", "Extra", "High", "Everything" },
    symbols = { "Default", "On", "Off", "FastLink", "Full" },
    optimize = { "Off", "On", "Debug", "Size", "Speed", "Full" },
    runtime = { "Debug", "Release" },
    staticruntime = { "Default", "On", "Off" },
    characterset = { "Default", "ASCII", "MBCS", "Unicode" },
    architecture = { "universal", "x86", "x86_64", "x64", "ARM", "ARM64" },
    toolset = nil, -- free-form (gcc, clang, msc-v143, ...)
}
local FLAGS = { MultiProcessorCompile = "use buildoptions \"/MP\" (renamed in beta8)",
                FatalWarnings = "removed in premake 5.0-beta8; use fatalwarnings",
                FatalCompileWarnings = "removed in premake 5.0-beta8; use fatalwarnings",
                FatalLinkWarnings = "removed in premake 5.0-beta8; use linkerfatalwarnings",
                LinkTimeOptimization = "removed in premake 5.0-beta8",
                NoPCH = false, NoIncrementalLink = false, NoManifest = false,
                NoMinimalRebuild = false, NoBufferSecurityCheck = false,
                NoImplicitLink = false, NoImportLib = false, NoRuntimeChecks = false,
                OmitDefaultLibrary = false, RelativeLinks = false, ShadowedVariables = false,
                UndefinedIdentifiers = false }
local SINGLE = { "kind", "language", "cdialect", "cppdialect", "warnings", "externalwarnings",
                 "symbols", "optimize", "runtime", "staticruntime", "characterset",
                 "architecture", "toolset", "location", "targetdir", "objdir", "debugdir",
                 "targetname", "targetprefix", "targetsuffix", "targetextension", "entrypoint",
                 "startproject", "systemversion", "editandcontinue", "exceptionhandling",
                 "floatingpoint", "pic", "rtti", "vectorextensions", "intrinsics",
                 "multiprocessorcompile", "linktimeoptimization", "buildmessage", "debugargs",
                 "icon" }
local LIST = { "files", "removefiles", "includedirs", "externalincludedirs", "sysincludedirs",
               "libdirs", "syslibdirs", "links", "defines", "undefines", "buildoptions",
               "linkoptions", "disablewarnings", "enablewarnings", "fatalwarnings",
               "linkerfatalwarnings", "postbuildcommands", "prebuildcommands",
               "prelinkcommands", "configurations", "platforms", "flags", "dependson",
               "vpaths", "forceincludes", "xcodebuildsettings", "xcodebuildresources",
               "buildcommands", "buildoutputs", "frameworkdirs", "tags" }
local FILTER_PREFIXES = { configurations = true, platforms = true, system = true, action = true,
                          toolset = true, architecture = true, kind = true, language = true,
                          files = true, options = true, tags = true }

local function flatten(value, out, api)
    out = out or {}
    if type(value) == "string" then
        out[#out + 1] = value
    elseif type(value) == "table" then
        for k, v in pairs(value) do
            if type(k) == "string" then -- keyed tables: vpaths, xcodebuildsettings
                out[#out + 1] = k .. "=" .. tostring(v)
            else
                flatten(v, out, api)
            end
        end
    else
        error(api .. ": expected a string or a list of strings, got " .. type(value), 3)
    end
    return out
end

local function contains(list, value, nocase)
    for _, v in ipairs(list) do
        if v == value or (nocase and type(value) == "string" and v:lower() == value:lower()) then
            return true
        end
    end
    return false
end

local function check_tokens(api, value)
    local depth, i = 0, 1
    while i <= #value do
        if value:sub(i, i + 1) == "%{" then
            depth = depth + 1
            i = i + 2
        else
            if value:sub(i, i) == "}" and depth > 0 then
                depth = depth - 1
            end
            i = i + 1
        end
    end
    if depth ~= 0 then
        error(api .. ": unbalanced %{...} token in '" .. value .. "'", 3)
    end
end

local function new_run(action)
    local target = ACTION_OS[action] or "linux"
    local state = { workspaces = {}, order = {}, workspace = nil, project = nil, filter = {},
                    group = "", action = action, target = target }

    local function scope()
        return state.project or state.workspace
    end
    local function record(api, values)
        local s = scope()
        if s == nil then
            error(api .. " called before any workspace", 3)
        end
        local filter = table.concat(state.filter, " & ")
        s.calls[#s.calls + 1] = { api = api, values = values, filter = filter }
        s.values[api] = s.values[api] or {}
        for _, v in ipairs(values) do
            table.insert(s.values[api], { value = v, filter = filter })
        end
    end

    local api = {}
    for _, name in ipairs(SINGLE) do
        api[name] = function(value)
            if type(value) == "table" and #value == 1 then
                value = value[1]
            end
            if type(value) ~= "string" then
                error(name .. ": expected one string, got " .. type(value), 2)
            end
            local allowed = ENUMS[name]
            if allowed and not contains(allowed, value, true) then
                error(name .. ": '" .. value .. "' is not one of " .. table.concat(allowed, ", "), 2)
            end
            check_tokens(name, value)
            if name == "startproject" and state.workspace == nil then
                error("startproject outside a workspace", 2)
            end
            record(name, { value })
        end
    end
    for _, name in ipairs(LIST) do
        api[name] = function(value)
            local values = flatten(value, nil, name)
            for _, v in ipairs(values) do
                check_tokens(name, v)
            end
            if name == "flags" then
                for _, f in ipairs(values) do
                    if FLAGS[f] == nil then
                        error("flags: unknown flag '" .. f .. "'", 2)
                    elseif FLAGS[f] then
                        warn("flags { \"" .. f .. "\" }: " .. FLAGS[f])
                    end
                end
            end
            if name == "configurations" or name == "platforms" then
                if state.project ~= nil then
                    warn(name .. " set inside project " .. state.project.name ..
                        "; premake expects them on the workspace")
                end
            end
            record(name, values)
        end
    end

    function api.workspace(name)
        if type(name) ~= "string" or name == "" then
            error("workspace: expected a name", 2)
        end
        local ws = state.workspaces[name]
        if ws == nil then
            ws = { name = name, calls = {}, values = {}, projects = {}, project_order = {} }
            state.workspaces[name] = ws
            state.order[#state.order + 1] = name
        end
        state.workspace, state.project, state.filter = ws, nil, {}
    end
    api.solution = api.workspace
    function api.project(name)
        if type(name) ~= "string" or name == "" then
            error("project: expected a name", 2)
        end
        if state.workspace == nil then
            error("project '" .. name .. "' declared outside a workspace", 2)
        end
        local ws = state.workspace
        local prj = ws.projects[name]
        if prj == nil then
            prj = { name = name, calls = {}, values = {}, group = state.group }
            ws.projects[name] = prj
            ws.project_order[#ws.project_order + 1] = name
        end
        state.project, state.filter = prj, {}
    end
    function api.group(name)
        if type(name) ~= "string" then
            error("group: expected a string", 2)
        end
        state.group, state.project = name, nil
    end
    function api.filter(terms)
        if type(terms) == "string" then
            terms = { terms }
        end
        if type(terms) ~= "table" then
            error("filter: expected a string or a list of strings", 2)
        end
        for _, term in ipairs(terms) do
            if type(term) ~= "string" then
                error("filter: terms must be strings", 2)
            end
            for alt in (term .. " or "):gmatch("(.-) or ") do
                local prefix, value = alt:match("^%s*(%a+):%s*(.-)%s*$")
                if prefix == nil then
                    -- "or value" continues the previous prefix: "system:linux or macosx"
                    if alt:match("^%s*[%w_%*%.%-]+%s*$") == nil or alt == term then
                        error("filter: '" .. term .. "' is not 'prefix:value'", 2)
                    end
                elseif not FILTER_PREFIXES[prefix:lower()] then
                    error("filter: unknown prefix '" .. prefix .. "' in '" .. term .. "'", 2)
                elseif value == "" or value == "not" then
                    error("filter: empty value in '" .. term .. "'", 2)
                elseif prefix:lower() == "configurations" and state.workspace then
                    local cfgs = {}
                    for _, v in ipairs(state.workspace.values.configurations or {}) do
                        cfgs[#cfgs + 1] = v.value
                    end
                    local bare = value:gsub("^not%s+", "")
                    if not bare:find("[%*]") and not contains(cfgs, bare, true) then
                        error("filter: configuration '" .. bare .. "' is not declared (" ..
                            table.concat(cfgs, ", ") .. ")", 2)
                    end
                end
            end
        end
        state.filter = terms
    end
    function api.newoption(opt)
        if type(opt) ~= "table" or type(opt.trigger) ~= "string" then
            error("newoption: expected { trigger = ..., description = ... }", 2)
        end
    end
    function api.newaction(a)
        if type(a) ~= "table" or type(a.trigger) ~= "string" then
            error("newaction: expected { trigger = ..., ... }", 2)
        end
    end
    return state, api
end

-- ---- run the script ---------------------------------------------------------------------

local function load_env(action, state, api)
    local env = {
        _ACTION = action, _OPTIONS = {}, _SCRIPT = script_dir .. "/" .. path.getname(script),
        _SCRIPT_DIR = script_dir, _MAIN_SCRIPT_DIR = script_dir, _MAIN_SCRIPT = script,
        _PREMAKE_VERSION = "5.0.0-check", _TARGET_OS = state.target,
        path = path, os = make_os(state.target), io = { lines = io.lines, open = io.open },
        string = string, table = table, math = math, utf8 = utf8,
        ipairs = ipairs, pairs = pairs, next = next, select = select, type = type,
        tostring = tostring, tonumber = tonumber, error = error, assert = assert,
        pcall = pcall, xpcall = xpcall, unpack = table.unpack, rawget = rawget,
        setmetatable = setmetatable, getmetatable = getmetatable,
        premake = { warn = function(m) warn("premake.warn: " .. m) end,
                    info = function(m) print("  premake.info: " .. m) end,
                    error = function(m) error(m, 2) end },
        print = function(...)
            local parts = {}
            for i = 1, select("#", ...) do
                parts[#parts + 1] = tostring((select(i, ...)))
            end
            local msg = table.concat(parts, " ")
            print("  [" .. action .. "] script says: " .. msg)
            if msg:lower():find("^warning") then
                warnings = warnings + 1
            end
        end,
    }
    for k, v in pairs(api) do
        env[k] = v
    end
    return setmetatable(env, {
        __index = function(_, name)
            error("unknown premake function or global '" .. tostring(name) .. "'", 2)
        end,
    })
end

local function values_of(scope, api)
    local out = {}
    for _, v in ipairs((scope.values or {})[api] or {}) do
        out[#out + 1] = v.value
    end
    return out
end
local function first(list)
    return list[1]
end

-- What the Makefile builds, from the same folders.
local function expected_projects()
    local exp = {}
    local function add(name, kind, dir)
        if #match(dir .. "/*.c", "f") > 0 then
            exp[name] = { kind = kind, dir = dir }
        end
    end
    add("parley-shared", "StaticLib", "shared")
    add("parley-client-core", "StaticLib", "client/core")
    add("parley-server", "ConsoleApp", "server")
    add("parley-cli", "ConsoleApp", "client/cli")
    add("parley", "WindowedApp", "client/gui")
    for _, dir in ipairs(match("tools/*", "d")) do
        add(path.getname(dir), "ConsoleApp", dir)
    end
    return exp
end

local function check_run(action)
    local state, api = new_run(action)
    local env = load_env(action, state, api)
    local chunk, load_err = loadfile(script, "t", env)
    if chunk == nil then
        err(load_err)
        return nil
    end
    local ok, run_err = xpcall(chunk, function(m)
        return debug.traceback(tostring(m), 2):gsub("\n.*", "")
    end)
    if not ok then
        err("[" .. action .. "] " .. tostring(run_err))
        return nil
    end
    if #state.order == 0 then
        err("[" .. action .. "] no workspace declared")
        return nil
    end

    local summary = {}
    for _, wsname in ipairs(state.order) do
        local ws = state.workspaces[wsname]
        local cfgs = values_of(ws, "configurations")
        print(string.format("[%s -> %s] workspace %s: configurations %s; platforms %s; location %s",
            action, state.target, wsname, table.concat(cfgs, ", "),
            table.concat(values_of(ws, "platforms"), ", "),
            rel(first(values_of(ws, "location")) or script_dir)))
        if #cfgs == 0 then
            err("[" .. action .. "] workspace " .. wsname .. " has no configurations")
        end
        local loc = first(values_of(ws, "location")) or script_dir
        if path.getabsolute(loc) == script_dir and action:find("^gmake") then
            err("[" .. action .. "] workspace location is the repository root: premake " ..
                action .. " would overwrite the hand-written Makefile")
        end
        local start = first(values_of(ws, "startproject"))
        if start and not ws.projects[start] then
            err("[" .. action .. "] startproject '" .. start .. "' is not a project")
        end
        for _, name in ipairs(ws.project_order) do
            local prj = ws.projects[name]
            local kind = first(values_of(prj, "kind")) or first(values_of(ws, "kind"))
            local lang = first(values_of(prj, "language")) or first(values_of(ws, "language"))
            if kind == nil then
                err("[" .. action .. "] project " .. name .. " has no kind")
            end
            if lang == nil then
                err("[" .. action .. "] project " .. name .. " has no language")
            end
            local globs = values_of(prj, "files")
            local files, cfiles = {}, 0
            for _, g in ipairs(globs) do
                for _, f in ipairs(env.os.matchfiles(g)) do
                    files[#files + 1] = rel(f)
                    if f:match("%.c$") then
                        cfiles = cfiles + 1
                    end
                end
            end
            if cfiles == 0 then
                err("[" .. action .. "] project " .. name .. ": its files globs match no .c file")
            end
            local links = values_of(prj, "links")
            local mine = {}
            for _, l in ipairs(links) do
                local sibling = ws.projects[l]
                if sibling then
                    local skind = first(values_of(sibling, "kind"))
                    if skind ~= "StaticLib" and skind ~= "SharedLib" then
                        err("[" .. action .. "] " .. name .. " links project " .. l ..
                            ", which is a " .. tostring(skind))
                    end
                    mine[#mine + 1] = l
                elseif l:find("^parley") then
                    err("[" .. action .. "] " .. name .. " links '" .. l ..
                        "', which is not a project of this workspace")
                end
            end
            local globs_rel = {}
            for _, g in ipairs(globs) do
                globs_rel[#globs_rel + 1] = rel(g)
            end
            print(string.format("  %-20s %-11s group %-10s globs %s", name, kind or "?",
                prj.group ~= "" and prj.group or "-", table.concat(globs_rel, " ")))
            print("  " .. string.rep(" ", 20) .. " files: " ..
                (#files > 0 and table.concat(files, " ") or "(none)"))
            if #mine > 0 then
                print("  " .. string.rep(" ", 20) .. " links projects: " .. table.concat(mine, ", "))
            end
            summary[name] = kind
        end
    end

    -- The same programs as the Makefile, from the same folders.
    local exp = expected_projects()
    for name, e in pairs(exp) do
        if summary[name] == nil then
            err("[" .. action .. "] " .. e.dir .. "/*.c exists but there is no project " .. name)
        elseif summary[name] ~= e.kind then
            err("[" .. action .. "] project " .. name .. " is a " .. summary[name] ..
                ", expected " .. e.kind)
        end
    end
    for name in pairs(summary) do
        if exp[name] == nil then
            err("[" .. action .. "] project " .. name .. " has no matching folder of .c files " ..
                "in the Makefile's layout")
        end
    end
    return true
end

-- vcpkg.json (if any) against libs.txt's vcpkg column.
local function check_vcpkg_manifest()
    local libs_txt = script_dir .. "/tools/deps/libs.txt"
    local manifest = io.open(script_dir .. "/vcpkg.json")
    local lf = io.open(libs_txt)
    if manifest == nil or lf == nil then
        return
    end
    local want = {}
    for line in lf:lines() do
        if not line:find("^%s*#") and line:find("%S") then
            local col = {}
            for w in line:gmatch("%S+") do
                col[#col + 1] = w
            end
            if col[7] and col[7] ~= "-" then
                want[col[7]] = true
            end
        end
    end
    lf:close()
    local text = manifest:read("a")
    manifest:close()
    local deps = text:match('"dependencies"%s*:%s*(%b[])')
    if deps == nil then
        err("vcpkg.json has no \"dependencies\" array")
        return
    end
    local have = {}
    deps = deps:gsub('"features"%s*:%s*%b[]', "") -- only the port names count
    for obj in deps:gmatch("%b{}") do
        local n = obj:match('"name"%s*:%s*"([^"]+)"')
        if n then
            have[n] = true
        end
    end
    for n in deps:gsub("%b{}", ""):gmatch('"([^"]+)"') do
        have[n] = true
    end
    for n in pairs(want) do
        if not have[n] then
            err("vcpkg.json lacks '" .. n .. "' (tools/deps/libs.txt lists it)")
        end
    end
    for n in pairs(have) do
        if not want[n] then
            err("vcpkg.json has '" .. n .. "', which tools/deps/libs.txt's vcpkg column lacks")
        end
    end
    print("vcpkg.json matches tools/deps/libs.txt" .. (errors == 0 and "" or " (see errors)"))
end

for _, action in ipairs(actions) do
    check_run(action)
end
check_vcpkg_manifest()
print(string.format("%s: %d error(s), %d warning(s)", script, errors, warnings))
os.exit(errors == 0 and 0 or 1)
