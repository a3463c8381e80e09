// Rules engine benchmark (issue #5): 100,000 live series, 1,000 rules with ~10 segments each.
// Prints: SeriesStore ingest rate in 10,000-sample batches, bytes per series, and the time of one
// full evaluation cycle. Run in Release: dotnet run -c Release --project bench/Tocsin.Bench.Rules
using System.Diagnostics;
using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;

const int Metrics = 1_000;           // one metric per rule
const int SeriesPerMetric = 100;     // 100,000 series in all
const int Zones = 10;                // segmentBy zone → 10 segments per rule
const int Cycles = 30;               // 30 points per series (5 minutes at a 10 s step)
const int BatchSize = 10_000;
var step = TimeSpan.FromSeconds(10);
var start = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
var tenant = Guid.Parse("0b1c2d3e-0000-4000-8000-000000000001");
var random = new Random(5);

var store = new SeriesStore(new SeriesStoreOptions
{
    MaxSeries = 200_000,
    MaxPointsPerSeries = 64,
    Retention = TimeSpan.FromMinutes(10),
    StaleAfter = TimeSpan.FromMinutes(10),
});

// ---- ingest and memory ----
var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
var ingest = new Stopwatch();
var create = TimeSpan.Zero;
long samples = 0;
var now = start;
for (var c = 0; c < Cycles; c++)
{
    now = start + (step * c);
    for (var first = 0; first < Metrics * SeriesPerMetric; first += BatchSize)
    {
        // Built outside the timer; fresh strings each time, as a deserialized request would carry.
        var batch = new MetricSample[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var s = first + i;
            var labels = new Dictionary<string, string>(3)
            {
                ["host"] = string.Concat("host-", (s % SeriesPerMetric).ToString()),
                ["zone"] = string.Concat("zone-", (s % Zones).ToString()),
                ["env"] = s % 3 == 0 ? string.Concat("de", "v") : string.Concat("pr", "od"),
            };
            batch[i] = new MetricSample(string.Concat("bench_metric_", (s / SeriesPerMetric).ToString()), labels, random.NextDouble() * 100, now);
        }
        ingest.Start();
        var result = store.AppendBatch(tenant, batch, now);
        ingest.Stop();
        if (result.Accepted != BatchSize) throw new InvalidOperationException($"batch refused: {result}");
        samples += result.Accepted;
    }
    if (c == 0)
    {
        // The first cycle creates every series; the rest are the steady state.
        create = ingest.Elapsed;
        ingest.Reset();
        samples = 0;
    }
}
var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
var seriesCount = store.SeriesCount;

Console.WriteLine($"series: {seriesCount:N0}, points per series: {Cycles}");
Console.WriteLine($"ingest creating {seriesCount:N0} new series (1 thread): {seriesCount / create.TotalSeconds:N0} samples/s ({create.TotalMilliseconds:N0} ms)");
Console.WriteLine($"ingest into existing series (1 thread, {BatchSize:N0}-sample batches): {samples / ingest.Elapsed.TotalSeconds:N0} samples/s ({samples:N0} samples in {ingest.Elapsed.TotalMilliseconds:N0} ms)");
Console.WriteLine($"memory: {(memoryAfter - memoryBefore) / (double)seriesCount:N0} bytes per series (labels, key, ring buffer of {Cycles} points, indexes)");

// Two writers on the two cores, into existing series (the steady state).
{
    var batches = new List<MetricSample[]>();
    for (var c = 0; c < 4; c++)
    {
        var at = now + (step * (c + 1));
        for (var first = 0; first < Metrics * SeriesPerMetric; first += BatchSize)
        {
            var batch = new MetricSample[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                var s = first + i;
                var labels = new Dictionary<string, string>(3)
                {
                    ["host"] = "host-" + (s % SeriesPerMetric),
                    ["zone"] = "zone-" + (s % Zones),
                    ["env"] = s % 3 == 0 ? "dev" : "prod",
                };
                batch[i] = new MetricSample("bench_metric_" + (s / SeriesPerMetric), labels, random.NextDouble() * 100, at);
            }
            batches.Add(batch);
        }
    }
    var last = now + (step * 4);
    var sw = Stopwatch.StartNew();
    // Each writer takes alternate batches of the same cycle, so points stay in time order per series.
    Parallel.For(0, 2, w =>
    {
        for (var b = w; b < batches.Count; b += 2) store.AppendBatch(tenant, batches[b], last);
    });
    sw.Stop();
    var n = batches.Count * (long)BatchSize;
    Console.WriteLine($"ingest (2 threads, {BatchSize:N0}-sample batches): {n / sw.Elapsed.TotalSeconds:N0} samples/s ({n:N0} samples in {sw.Elapsed.TotalMilliseconds:N0} ms)");
    now = last;
}

// ---- rules ----
var rules = new List<CompiledRule>(Metrics);
for (var r = 0; r < Metrics; r++)
{
    var metric = "bench_metric_" + r;
    var rule = new Rule
    {
        Id = r + 1,
        TenantId = tenant,
        Name = "rule " + r,
        Condition = (r % 4) switch
        {
            0 => $"avg(avg({metric})) > 60",
            1 => $"max(max({metric})) >= 99.5",
            2 => $"sum(timeAvg({metric})) < 150",
            _ => $"min(min({metric})) < 0.5 or max(max({metric})) > 99.9",
        },
        Filter = (r % 3) switch { 0 => null, 1 => "env = 'prod'", _ => "env in ('prod', 'dev') and host starts with 'host-'" },
        Warning = r % 4 == 0 ? new Threshold(Tocsin.Core.Conditions.Ast.ComparisonOp.Greater, 50) : null,
        SegmentBy = ["zone"],
        SegmentCondition = r % 10 == 9 ? SegmentCondition.All : SegmentCondition.Any,
        Window = TimeSpan.FromMinutes(1),
        EvaluationStep = step,
        HoldDuration = r % 2 == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(30),
        RenotifyInterval = TimeSpan.FromMinutes(5),
        NoData = (NoDataBehaviour)(r % 3),
    };
    var validation = RuleValidator.Validate(rule);
    rules.Add(validation.Compiled ?? throw new InvalidOperationException(string.Join("; ", validation.Errors)));
}

var states = new IReadOnlyDictionary<string, SegmentState>[rules.Count];
for (var i = 0; i < states.Length; i++) states[i] = new Dictionary<string, SegmentState>();

(double Ms, int Segments, int Decisions) RunCycle(DateTimeOffset at, bool parallel)
{
    var segments = 0;
    var decisions = 0;
    var sw = Stopwatch.StartNew();
    if (parallel)
    {
        Parallel.For(0, rules.Count, i =>
        {
            var e = RuleEvaluator.Evaluate(rules[i], store, states[i], at);
            states[i] = e.States;
            Interlocked.Add(ref segments, e.States.Count);
            Interlocked.Add(ref decisions, e.Decisions.Count);
        });
    }
    else
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var e = RuleEvaluator.Evaluate(rules[i], store, states[i], at);
            states[i] = e.States;
            segments += e.States.Count;
            decisions += e.Decisions.Count;
        }
    }
    sw.Stop();
    return (sw.Elapsed.TotalMilliseconds, segments, decisions);
}

RunCycle(now, parallel: false); // warm-up
foreach (var parallel in new[] { false, true })
{
    var times = new List<double>();
    (double Ms, int Segments, int Decisions) last = default;
    for (var c = 0; c < 5; c++)
    {
        last = RunCycle(now, parallel);
        times.Add(last.Ms);
    }
    times.Sort();
    Console.WriteLine($"evaluation cycle ({(parallel ? "2 threads" : "1 thread")}, {rules.Count:N0} rules, {last.Segments:N0} segments, {last.Decisions} decisions in last cycle): " +
        $"min {times[0]:N1} ms, median {times[2]:N1} ms, max {times[^1]:N1} ms");
}
return 0;
