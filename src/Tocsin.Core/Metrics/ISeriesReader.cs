using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Metrics;

/// <summary>What the rule evaluator reads: the series of one metric in a tenant that pass a filter.</summary>
public interface ISeriesReader
{
    IReadOnlyList<Series> Query(Guid tenantId, string metricName, FilterExpr? filter);
}
