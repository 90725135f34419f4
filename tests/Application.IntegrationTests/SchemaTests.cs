using Digis.Testing;

namespace Digis.Application.IntegrationTests;

/// <summary>
/// The schema as a DBA reads it. (That the migrations build the model the code has is checked at every start:
/// EF refuses to migrate with pending model changes.)
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class SchemaTests(DigisApiFactory app)
{
    [Fact]
    public async Task Every_foreign_key_is_named_after_its_table_the_table_it_references_and_its_columns()
    {
        var misnamed = await app.CountAsync("""
            SELECT count(*) FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
              AND c.conname <> 'fk_' || c.conrelid::regclass::text || '_' || c.confrelid::regclass::text || '_' ||
                  (SELECT string_agg(a.attname, '_' ORDER BY k.ord)
                   FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
              AND c.conrelid::regclass::text NOT LIKE '"AspNet%'
            """);

        misnamed.ShouldBe(0);
    }
}
