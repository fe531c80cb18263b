-- wrk script for the latency phase of e2e.sh: each connection waits 1 ms after every response before sending its
-- next request, so the server runs far below saturation and a request's latency is its own service time, not the
-- time it queued behind others. (wrk starts the clock when the request is written, after the pause.)
function delay()
  return 1
end
