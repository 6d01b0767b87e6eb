def test_sign_in_lands_on_team_home(signed_in, teams):
    client = signed_in("alex")
    response = client.get("/")
    assert response.status_code == 200
    assert "Team home" in response.text
