using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Live;
using Npgsql;

namespace Cereon.Silo.Storage;

/// <summary>
/// Live card history in PostgreSQL (tables of migration 0003). An append is one statement that advances the stream's
/// last seq only if this activation still owns the epoch and the batch starts at the next seq, and inserts its messages
/// in the same statement, so two activations of one stream can never both number a message.
/// </summary>
internal sealed class PostgresLiveHistoryStore(NpgsqlDataSource database) : ILiveHistoryStore
{
    public bool OutlivesSilo => true;

    public async Task<LiveHistory> LoadAsync(string stream, int count, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        string? epoch = null;
        long lastSeq = 0;
        // Loading counts as use: an activation that just read the head must not see it forgotten under it.
        await using (var head = new NpgsqlCommand("UPDATE cereon_live_streams SET updated_at = now() WHERE stream = @stream RETURNING epoch, last_seq", connection))
        {
            head.Parameters.AddWithValue("stream", stream);
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                epoch = reader.GetString(0);
                lastSeq = reader.GetInt64(1);
            }
        }

        if (epoch is null)
        {
            return new LiveHistory(null, 0, []);
        }

        var recent = new List<LiveMessage>();
        await using (var messages = new NpgsqlCommand(
            """
            SELECT seq, message_id, produced_at, record FROM cereon_live_messages
            WHERE stream = @stream AND seq > @from AND produced_at >= @notBefore
            ORDER BY seq
            """, connection))
        {
            messages.Parameters.AddWithValue("stream", stream);
            messages.Parameters.AddWithValue("from", lastSeq - count);
            messages.Parameters.AddWithValue("notBefore", notBefore);
            await using var reader = await messages.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add(new LiveMessage(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<byte[]>(3)));
            }
        }

        return new LiveHistory(epoch, lastSeq, recent);
    }

    public async Task<bool> StartAsync(string stream, string epoch, CancellationToken cancellationToken)
    {
        await using var start = database.CreateCommand(
            """
            WITH created AS (
                INSERT INTO cereon_live_streams (stream, epoch, last_seq) VALUES ($1, $2, 0)
                ON CONFLICT (stream) DO NOTHING
                RETURNING stream),
            orphans AS (
                DELETE FROM cereon_live_messages WHERE stream IN (SELECT stream FROM created))
            SELECT count(*) FROM created
            """);
        start.Parameters.Add(new NpgsqlParameter { Value = stream });
        start.Parameters.Add(new NpgsqlParameter { Value = epoch });
        return (long)(await start.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    public async Task<bool> AppendAsync(string stream, string epoch, IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken)
    {
        // One statement for the whole batch: the head moves from the seq before the first message to the last one, and
        // the messages go in with it, so a group commit costs one round trip and is stored entirely or not at all.
        // The head is locked before it is compared: a batch sent while the one before it still commits waits for that
        // commit and compares with the head it left (a plain UPDATE ... WHERE last_seq = $3 - 1 would compare with the
        // head as it stood when the statement began, and refuse the batch).
        await using var append = database.CreateCommand(
            """
            WITH head AS (
                SELECT stream, last_seq FROM cereon_live_streams WHERE stream = $1 AND epoch = $2 FOR UPDATE),
            owner AS (
                UPDATE cereon_live_streams s SET last_seq = $4, updated_at = now()
                FROM head WHERE s.stream = head.stream AND head.last_seq = $3 - 1
                RETURNING s.stream)
            INSERT INTO cereon_live_messages (stream, seq, message_id, produced_at, record)
            SELECT owner.stream, m.seq, m.message_id, m.produced_at, m.record
            FROM owner, unnest($5::bigint[], $6::text[], $7::timestamptz[], $8::bytea[]) AS m(seq, message_id, produced_at, record)
            """);
        append.Parameters.Add(new NpgsqlParameter { Value = stream });
        append.Parameters.Add(new NpgsqlParameter { Value = epoch });
        append.Parameters.Add(new NpgsqlParameter { Value = messages[0].Seq });
        append.Parameters.Add(new NpgsqlParameter { Value = messages[^1].Seq });
        append.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Seq).ToArray() });
        append.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Id).ToArray() });
        append.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Timestamp).ToArray() });
        append.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Record).ToArray() });
        return await append.ExecuteNonQueryAsync(cancellationToken) == messages.Count;
    }

    public async Task TrimAsync(string stream, long throughSeq, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var trim = database.CreateCommand(
            """
            WITH used AS (
                UPDATE cereon_live_streams SET updated_at = now() WHERE stream = $1)
            DELETE FROM cereon_live_messages WHERE stream = $1 AND (seq <= $2 OR produced_at < $3)
            """);
        trim.Parameters.Add(new NpgsqlParameter { Value = stream });
        trim.Parameters.Add(new NpgsqlParameter { Value = throughSeq });
        trim.Parameters.Add(new NpgsqlParameter { Value = before });
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ForgetIdleAsync(TimeSpan idleFor, CancellationToken cancellationToken)
    {
        // The database's clock on both sides of the comparison (updated_at is set by now()), so silo clocks never matter.
        await using var forget = database.CreateCommand(
            """
            WITH idle AS (
                DELETE FROM cereon_live_streams WHERE updated_at < now() - $1 RETURNING stream)
            DELETE FROM cereon_live_messages WHERE stream IN (SELECT stream FROM idle)
            """);
        forget.Parameters.Add(new NpgsqlParameter { Value = idleFor });
        await forget.ExecuteNonQueryAsync(cancellationToken);
    }
}
