using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Luyue.Storage.Compliance;

/// <summary>
/// A compliance test. Like [Fact], except that the concrete test class decides whether it runs: xunit 2 takes a skip
/// reason from the method's attribute, and a method shared by every store cannot know which store it is testing, so
/// this one asks the class for a <see cref="StoreAvailabilityAttribute"/> instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Luyue.Storage.Compliance.StoreFactDiscoverer", "Luyue.Storage.Compliance")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>On a compliance subclass whose database may be absent: a non-null <see cref="SkipReason"/> skips its tests.</summary>
[AttributeUsage(AttributeTargets.Class)]
public abstract class StoreAvailabilityAttribute : Attribute
{
    public abstract string? SkipReason { get; }
}

/// <summary>Makes <see cref="StoreTestCase"/>s for <see cref="StoreFactAttribute"/> methods.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new StoreTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>A test case skipped when its class's <see cref="StoreAvailabilityAttribute"/> gives a reason.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer", error: true)]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    // Asked when the test case is built, in the process that runs it, so the reason reflects that process's environment.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<StoreAvailabilityAttribute>()?.SkipReason
        ?? base.GetSkipReason(factAttribute);
}
