-- Sends the webhooks Samples/wrk-webhooks.py pre-signed (file in $WEBHOOKS) in turn, starting
-- over when they run out. See docs/benchmark.md, "Ingest under wrk".
local requests = {}

init = function(args)
    local path = os.getenv("WEBHOOKS") or error("set WEBHOOKS to the file of Samples/wrk-webhooks.py")
    for line in io.lines(path) do
        local fields = {}
        for field in string.gmatch(line, "[^\t]+") do fields[#fields + 1] = field end
        local headers = { ["Content-Type"] = "application/json" }
        for index = 1, #fields - 1 do
            local name, value = string.match(fields[index], "^([^:]+): (.*)$")
            headers[name] = value
        end
        requests[#requests + 1] = wrk.format("POST", nil, headers, fields[#fields])
    end
end

local position = 0
request = function()
    position = position % #requests + 1
    return requests[position]
end
