namespace Cereon.Silo.Memory;

internal sealed class MemoryReclaimTrigger(long activationsGone, TimeSpan minInterval, TimeProvider time)
{
    public long? Check(long activations) => null;
}
