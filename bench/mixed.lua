-- wrk script of bench/mixed: each request goes to a random line of a URL list
-- (`path<TAB>who`, who empty for a visitor or a name of a session cookie given after --).
--   wrk ... -s bench/mixed.lua http://127.0.0.1:PORT -- LIST "officer=Cookie: ..." "liaison=Cookie: ..."
local targets = {}

init = function(args)
  local cookies = {}
  for i = 2, #args do
    local name, header = args[i]:match("^(%w+)=Cookie: (.*)$")
    if name then cookies[name] = header end
  end
  for line in io.lines(args[1]) do
    local path, who = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if who ~= "" then headers["Cookie"] = cookies[who] end
      targets[#targets + 1] = wrk.format("GET", path, headers)
    end
  end
  math.randomseed(os.time() + tonumber(tostring(targets):match("0x(%x+)") or "0", 16) % 1000)
end

request = function()
  return targets[math.random(#targets)]
end

dofile("bench/report.lua")
