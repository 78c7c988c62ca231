#!/usr/bin/env bash
# Upload abuse: what POST /api/upload does with too much, too slow and too strange.
#
#   bench/upload-abuse.sh               # after `cargo leptos build --release`
#   GARBAGE=100 bench/upload-abuse.sh   # a quick try
#
# The release binary on SQLite with 50 built-in accounts (signed up over HTTP); each phase
# measures the server's peak RSS from its start (VmHWM, reset before the phase):
#   1. 50 accounts upload a 5 MB PDF (a one-page résumé with a large image, generated) at the
#      same moment;
#   2. 20 uploads of 50 MB at once, half with Content-Length, half chunked without it;
#   3. a slow-loris upload, 1 byte per second of body, and one with the headers at 1 byte per
#      second, running alongside phase 4 until the server cuts them off (or SLOW_GIVE_UP s, 200);
#   4. GARBAGE (1,000) random files: random bytes, a PDF header on random bytes, PDF objects
#      with garbage inside, truncated PDFs, broken and oddly shaped JSON; 4 at a time;
#   5. hostile files while /healthz is probed every 100 ms: 16 copies of a 3 KB PDF whose object
#      stream makes a loader build one 100,000-integer array a thousand times (11.7 GB when read
#      in process), and 16 JSON files of 5 MB of `{}` entries (575 MB and a 212 MB answer each,
#      before the import was bounded), 16 at a time;
#   6. one account holds 16 slow uploads (every shared slot, before the per-person limit) while
#      another uploads a résumé;
#   7. a résumé whose every string breaks out of a <textarea> or <script>, saved, then /dashboard.
#
# Targets: no panic and the server stays up; no 5xx except the documented 503 ("many people
# are uploading", after 30 s waiting for one of the 16 upload slots); the 50 MB uploads are
# refused early (413: at once when Content-Length says so, otherwise as soon as the body passes
# MAX_UPLOAD_BYTES, so at most 5 MB of each is read); the slow upload is cut off by the
# upload deadline (408 within 120 s), the slow headers by the header deadline (20 s, the
# connection closed: hyper sends no answer); memory bounded (peak RSS under 150 MB in every phase);
# hostile PDFs get 422 (the worker that reads them dies, the server does not) and oversized JSON
# 422, with /healthz answering within 1 s throughout; one person's slow uploads leave the others
# a way in (their extras refused with 429 at once; the other person's upload answered 200 within
# 10 s); the dashboard's HTML holds no payload as markup and carries a CSP with a script nonce.
source "$(dirname "$0")/lib.sh"

garbage=${GARBAGE:-1000}
slow_give_up=${SLOW_GIVE_UP:-200}

bench_init
echo "upload-abuse: $(machine_line)"
mkdir -p "$tmp/data"
DATABASE_URL="sqlite://$tmp/data/vitae.db"
server_start "$tmp"
pid=$server_pid
client signup --prefix uploader --count 50 --parallel 2 >"$tmp/accounts.tsv"
client make-pdf --size 5000000 --out "$tmp/resume-5mb.pdf"
idle=$(rss_mb "$pid")
loadavg_watch "$tmp/loadavg"
echo "server RSS at rest, 50 accounts signed up: $idle MB"
echo
peaks=()

phase() { # NAME: resets the peak, prints nothing
  say "$1"
  reset_peak "$pid"
}
phase_end() { # prints the phase's memory line
  local p
  p=$(peak_mb "$pid")
  peaks+=("$p")
  echo "  memory: peak $p MB during the phase, $(rss_mb "$pid") MB after"
}

phase "1. 50 concurrent uploads of a 5 MB PDF"
r1=$(client uploads --accounts "$tmp/accounts.tsv" --file "$tmp/resume-5mb.pdf" --count 50 --log "$tmp/uploads.jsonl")
echo "$r1"
phase_end

phase "2. 20 uploads of 50 MB at once"
r2=$(client big --accounts "$tmp/accounts.tsv" --count 20 --parallel 20 --log "$tmp/big.jsonl")
echo "$r2"
phase_end

phase "3+4. slow-loris uploads, alongside $garbage garbage files"
client slow --accounts "$tmp/accounts.tsv" --what body --give-up "$slow_give_up" >"$tmp/slow-body.json" &
slow_body=$!
client slow --accounts "$tmp/accounts.tsv" --what headers --give-up "$slow_give_up" >"$tmp/slow-headers.json" &
slow_headers=$!
pids+=("$slow_body" "$slow_headers")
r4=$(client garbage --accounts "$tmp/accounts.tsv" --count "$garbage" --parallel 4 --log "$tmp/garbage.jsonl")
echo "$r4"
say "waiting for the slow uploads to be cut off (up to ${slow_give_up}s)"
wait "$slow_body" "$slow_headers" || true
cat "$tmp/slow-body.json" "$tmp/slow-headers.json"
phase_end

phase "5. hostile files: object-stream PDFs and expanding JSON, /healthz probed"
r5=$(client hostile --accounts "$tmp/accounts.tsv" --count 16 --parallel 16)
echo "$r5"
phase_end

phase "6. one account holds 16 slow uploads while another uploads"
r6=$(client mine --accounts "$tmp/accounts.tsv" --file "$tmp/resume-5mb.pdf" --count 16)
echo "$r6"
phase_end

phase "7. a résumé of textarea and script break-outs on /dashboard"
r7=$(client xss --accounts "$tmp/accounts.tsv")
echo "$r7"
phase_end

echo "load average (1 min) during the run: $(loadavg_report "$tmp/loadavg") on $(nproc) cores"
alive=0
kill -0 "$pid" 2>/dev/null && alive=1
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); v=d.get(sys.argv[2]); print(json.dumps(v) if isinstance(v,(dict,list)) else v)" "$1" "$2"; }
# 5xx other than 503, over every phase.
bad5xx() { python3 -c "import json,sys; d=json.loads(sys.argv[1])['status_counts']; print(sum(v for k,v in d.items() if k.startswith('5') and k!='503'))" "$1"; }
slow_status=$(field "$(cat "$tmp/slow-body.json")" status)
slow_after=$(field "$(cat "$tmp/slow-body.json")" cut_off_after_s)
hdr_after=$(field "$(cat "$tmp/slow-headers.json")" cut_off_after_s)
max_peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)
big_max=$(field "$r2" max_s)

echo
echo "targets:"
check "no panic, the server stays up" "$([ $alive = 1 ] && ! grep -q panicked "$tmp/server.log" && echo 1 || echo 0)" \
  "$([ $alive = 1 ] && echo running || echo DIED); $(grep -c panicked "$tmp/server.log" || true) panics in the log"
check "no 5xx but the documented 503" \
  "$([ "$(bad5xx "$r1")" = 0 ] && [ "$(bad5xx "$r2")" = 0 ] && [ "$(bad5xx "$r4")" = 0 ] && echo 1 || echo 0)" \
  "uploads $(field "$r1" status_counts), 50 MB $(field "$r2" status_counts), garbage $(field "$r4" status_counts)"
check "every request answered" \
  "$([ "$(field "$r1" no_answer)" = 0 ] && [ "$(field "$r2" no_answer)" = 0 ] && [ "$(field "$r4" no_answer)" = 0 ] && echo 1 || echo 0)" \
  "without an answer: uploads $(field "$r1" no_answer), 50 MB $(field "$r2" no_answer), garbage $(field "$r4" no_answer)"
check "50 MB refused early (413)" \
  "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(int(d['status_counts']=={'413': d['requests']} and d['max_s'] < 5))" "$r2")" \
  "$(field "$r2" status_counts), slowest answer $big_max s; memory peak ${peaks[1]} MB vs. ${peaks[0]} MB in phase 1"
check "slow-loris upload cut off (408 within 120 s)" \
  "$(awk -v s="$slow_status" -v t="$slow_after" 'BEGIN {print (s == 408 && t != "None" && t <= 125) ? 1 : 0}')" \
  "status $slow_status after $slow_after s"
check "slow headers cut off (the connection closed within 30 s)" \
  "$(awk -v t="$hdr_after" 'BEGIN {print (t != "None" && t <= 30) ? 1 : 0}')" \
  "after $hdr_after s, status $(field "$(cat "$tmp/slow-headers.json")" status)"
check "hostile files refused (422) while /healthz answers within 1 s" \
  "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(int(set(d['pdf_status_counts'])=={'422'} and set(d['json_status_counts'])=={'422'} and d['healthz_failures']==0 and d['healthz_slowest_s']<1))" "$r5")" \
  "PDF $(field "$r5" pdf_status_counts), JSON $(field "$r5" json_status_counts); /healthz $(field "$r5" healthz_probes) probes, $(field "$r5" healthz_failures) failed, slowest $(field "$r5" healthz_slowest_s) s; peak ${peaks[3]} MB"
check "one person's slow uploads leave room for others" \
  "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(int(d['other_status']==200 and d['other_secs']<10 and d['held_uploads_refused_at_once']>=14))" "$r6")" \
  "$(field "$r6" held_uploads_refused_at_once) of 16 refused at once; the other person: $(field "$r6" other_status) after $(field "$r6" other_secs) s"
check "résumé text is inert on /dashboard (no markup, a CSP with a nonce)" \
  "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(int(d['save_status']==200 and d['dashboard_status']==200 and not d['raw_markup_found'] and \"'nonce-\" in d['csp']))" "$r7")" \
  "save $(field "$r7" save_status), dashboard $(field "$r7" dashboard_status), raw markup: $(field "$r7" raw_markup_found); CSP: $(field "$r7" csp | cut -c1-80)"
check "memory bounded (peak RSS under 150 MB)" "$(awk -v p="$max_peak" 'BEGIN {print (p < 150) ? 1 : 0}')" \
  "phase peaks ${peaks[*]} MB; at rest $idle MB"
exit $(( failed_checks > 0 ))
