// Every test of the shared suite becomes skippable with a reason when no PostgreSQL server is configured.
// An alias wins over the type of the same name imported from the Xunit namespace.
global using FactAttribute = Tocsin.Server.Tests.Infrastructure.DatabaseFactAttribute;
global using TheoryAttribute = Tocsin.Server.Tests.Infrastructure.DatabaseTheoryAttribute;
