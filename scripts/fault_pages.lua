-- wrk script for scripts/fault_benchmark.py: each connection asks for the public pages in turn, and the
-- answers are counted by status (wrk itself counts only "non-2xx or 3xx").
local pages = {
  "/", "/articles/back-pain-and-stress/", "/articles/what-makes-sciatica-worse/", "/authors/judd-beale/",
  "/topics/sciatica/", "/faq/", "/faq/?topic=sciatica", "/faq/is-bed-rest-good-for-back-pain/",
  "/faq/?q=sciatica", "/search/?q=back+pain", "/sitemap.xml", "/feed/",
}
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = math.random(#pages)
end

function request()
  counter = counter + 1
  return wrk.format("GET", pages[(counter % #pages) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, status .. "=" .. count)
  end
  table.sort(parts)
  io.write("STATUSES " .. table.concat(parts, " ") .. "\n")
end
