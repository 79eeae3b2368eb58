def test_home_page_answers(client, call):
    response = client.get("/")
    assert response.status_code == 200
    assert call.title in response.content.decode()
