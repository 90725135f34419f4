using System.Text.RegularExpressions;

namespace Digis.Web.BrowserTests;

/// <summary>SPEC §18 in Chromium through the gateway: tiers in the studio, subscribing from a creator's page, the fan's subscriptions.</summary>
public sealed partial class WebClientTests
{
    [Fact]
    public async Task A_fan_subscribes_from_a_creators_page_sees_the_subscription_and_cancels_it_while_the_studio_counts_subscribers_live()
    {
        var (creatorToken, creatorId) = await UserAsync("creator", "Tiara");
        var studio = await SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await studio.GetByTestId("tier-name").FillAsync("Fan club");
        await studio.GetByTestId("tier-price").FillAsync("60");
        await studio.GetByTestId("tier-save").ClickAsync();
        await Expect(studio.GetByTestId("tier-status")).ToContainTextAsync("Tiers saved");
        await Expect(studio.GetByTestId("tier-list")).ToContainTextAsync("Fan club");
        await Expect(studio.GetByTestId("subscriber-count")).ToHaveTextAsync("0");

        var (fanToken, _) = await UserAsync("fan", "Sybil");
        await BuyStarterAsync(fanToken);
        var fan = await SignedInAsync(fanToken);
        await fan.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await fan.GotoAsync($"/app/#/creator/{creatorId}");
        var tier = fan.GetByTestId("tier-0");
        await Expect(tier).ToContainTextAsync("Fan club");
        await ShotPageAsync(fan, "app-creator-tiers");
        await tier.GetByTestId("subscribe").ClickAsync();

        await Expect(fan.GetByTestId("subscribe-status")).ToContainTextAsync("Subscribed to Fan club");
        await Expect(fan.GetByTestId("balance")).ToHaveTextAsync("40");
        await Expect(studio.GetByTestId("subscriber-count")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await ShotPageAsync(studio, "app-studio-tiers");

        await fan.GotoAsync("/app/#/subscriptions");
        var subscription = fan.GetByTestId("subscriptions").GetByTestId("subscription");
        await Expect(subscription).ToContainTextAsync("Tiara");
        await Expect(subscription.GetByTestId("subscription-state")).ToContainTextAsync("renews");
        await subscription.GetByTestId("subscription-cancel").ClickAsync();

        await Expect(subscription.GetByTestId("subscription-state")).ToContainTextAsync(new Regex("cancelled, active until"));
        await Expect(subscription).ToHaveAttributeAsync("data-renews", "false");
        await ShotPageAsync(fan, "app-subscriptions");
        await subscription.GetByTestId("subscription-resume").ClickAsync();
        await Expect(subscription).ToHaveAttributeAsync("data-renews", "true");
        await subscription.GetByTestId("subscription-cancel").ClickAsync();
        await Expect(subscription).ToHaveAttributeAsync("data-renews", "false");
        await Expect(fan.GetByTestId("balance")).ToHaveTextAsync("40");
    }
}
