using System.Globalization;
using Luyue.Core.Events;
using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.People;

/// <summary>A buyer and where the parcel goes: a mainland (or HK/MO/TW) district, or a foreign city.</summary>
internal sealed record Buyer(Party Party, City? City, string? District, Country? Country, ForeignCity? ForeignCity)
{
    public bool Abroad => Country is not null;
}

/// <summary>Makes buyers with names, phones and full addresses, weighted by where people live.</summary>
internal sealed class BuyerFactory(PlaceTable places)
{
    public Buyer Domestic(Prng rng)
    {
        var city = places.BuyerCities.Pick(rng);
        var province = city.Province;
        var district = rng.Pick(city.Districts);
        var name = ChineseNames.Next(rng, province.Short);
        var phone = province.Dial is { } dial ? Phones.International(rng, dial) : Phones.Buyer(rng);
        var address = string.Create(CultureInfo.InvariantCulture,
            $"{district}{rng.Pick(province.Streets)}{rng.Between(1, 399)}号{rng.Pick(places.Communities)}{rng.Between(1, 30)}栋{rng.Between(1, 4)}单元{rng.Between(1, 32)}{rng.Between(1, 6):D2}");
        return new Buyer(new Party(name, phone, province.Name, city.Name, address, "CN"), city, district, null, null);
    }

    public Buyer Foreign(Prng rng)
    {
        var country = places.BuyerCountries.Pick(rng);
        var city = rng.Pick(country.Cities);
        var address = string.Create(CultureInfo.InvariantCulture, $"{rng.Pick(country.Streets)} {rng.Between(1, 240)}, apt {rng.Between(1, 120)}");
        var party = new Party(rng.Pick(country.Names), Phones.International(rng, country.Dial), null, city.Name, address, country.Code);
        return new Buyer(party, null, null, country, city);
    }
}
